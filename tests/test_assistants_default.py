"""The example assistants that `make run` serves (examples/quillmere/assistants) on the default
model and the real embedding model: answers stated from the retrieved passage and cited,
hand-offs for the other audience's questions, and a policy changed in the Markdown source
answered with its new value after a restart, without retraining."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import Server

ROOT = Path(__file__).parent.parent
MODEL = ROOT / "models" / "quillmere-assistant"
EMBEDDING = ROOT / "models" / "all-MiniLM-L6-v2"
QUILLMERE = ROOT / "examples" / "quillmere"

pytestmark = pytest.mark.skipif(
    not (EMBEDDING / "model.safetensors").is_file(), reason="run `make embedding-model` first"
)


def copy_site(into: Path) -> list[str]:
    """The example assistants and their documents, copied (their indexes are built there)."""
    for folder in ("assistants", "knowledge"):
        ignore = shutil.ignore_patterns("*.index")
        shutil.copytree(QUILLMERE / folder, into / folder, ignore=ignore)
    files = [into / "assistants" / f"{name}.yaml" for name in ("support", "hr")]
    flags = [a for f in files for a in ("--assistant", str(f))]
    return ["--embedding-model", str(EMBEDDING), *flags]


def ask(server: Server, model: str, question: str) -> dict[str, Any]:
    reply = server.client().chat.completions.create(
        model=model, messages=[{"role": "user", "content": question}]
    )
    message: dict[str, Any] = reply.choices[0].message.model_dump()
    return message


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("quillmere-site")


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    s = Server(MODEL, *copy_site(site), name="quillmere")
    yield s
    assert s.stop() == 0, s.log


def test_support_answers_from_its_knowledge_base_and_cites_it(server: Server) -> None:
    message = ask(server, "support", "Can I return something I bought last week?")  # the README's
    assert "30 days" in message["content"]
    (citation,) = message["citations"]
    assert citation["document"] == "support-kb.md" and citation["heading"] == "Returns"
    assert "30 days" in citation["snippet"] and f"[{citation['index']}]" in message["content"]


def test_hr_answers_from_the_handbook(server: Server) -> None:
    message = ask(server, "hr", "How many days of annual leave do I get?")
    assert "25 days" in message["content"]
    assert [c["document"] for c in message["citations"]] == ["hr-handbook.md"]


def test_each_hands_off_the_other_audiences_questions(server: Server) -> None:
    hr = ask(server, "support", "How many days of annual leave do employees get?")
    assert hr["content"].startswith("I don't know.") and "1-800-555-0142" in hr["content"]
    assert hr["citations"] == []
    support = ask(server, "hr", "What is the return window for a lamp I bought?")
    assert support["content"].startswith("I don't know.") and "#ask-people" in support["content"]


def test_a_policy_changed_in_the_document_is_answered_without_retraining(
    tmp_path: Path,
) -> None:
    args = copy_site(tmp_path)
    kb = tmp_path / "knowledge" / "support" / "support-kb.md"
    line = "You can return any item within 30 days of delivery for a full refund."
    kb.write_text(kb.read_text().replace(line, line.replace("30 days", "45 days")))
    server = Server(MODEL, *args, name="quillmere")
    try:
        message = ask(server, "support", "Can I return something I bought last week?")
        assert "45 days" in message["content"] and "30 days" not in message["content"]
        assert "45 days" in message["citations"][0]["snippet"]
        assert "indexed" in server.log  # the changed document, embedded again at start
    finally:
        assert server.stop() == 0
