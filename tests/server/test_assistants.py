"""Assistants served as model ids (`gptship serve --assistant FILE`): retrieval from their own
collections only, the grounded prompt, `citations` on the message, keys scoped to one
assistant, and the errors an operator or a client meets. A tiny random model and a tiny
BERT: these tests check the plumbing; tests/test_assistants_default.py checks answers."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import openai
import pytest
import yaml

from gptship.server.keys import create_key
from tests.server.conftest import GPTSHIP, MODEL, Server
from tests.tiny_bert import make_bert_dir

SUPPORT = {"returns.md": "# Returns\n\n## Window\n\nReturn a zephyrine lamp within 30 days.\n"}
HR = {"leave.md": "# Handbook\n\n## Leave\n\nStaff get 25 days of marzipan leave.\n"}


def write(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text)
    return folder


def assistant_file(root: Path, name: str, **extra: object) -> Path:
    spec = {
        "instructions": f"You are the {name} assistant.",
        "collections": [{"documents": f"knowledge/{name}"}],
        "handoff": "Ask a person.",
        "max_tokens": 8,
        **extra,
    }
    path = root / f"{name}.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("assistants")
    write(root / "knowledge" / "support", SUPPORT)
    (root / "knowledge" / "support" / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    write(root / "knowledge" / "hr", HR)
    make_bert_dir(root / "bert", pooling="mean")
    return root


@pytest.fixture(scope="module")
def keyed(site: Path, chat_model: Path) -> Iterator[tuple[Server, dict[str, str]]]:
    """A server with both assistants and a key file: one key per assistant, one for all."""
    keys_file = site / "keys.json"
    keys = {
        "support": create_key(keys_file, "portal", models=("support",)),
        "hr": create_key(keys_file, "intranet", models=("hr",)),
        "admin": create_key(keys_file, "admin"),
    }
    hr = assistant_file(site, "hr", keys=["intranet", "admin"])
    server = Server(
        chat_model,
        "--embedding-model", str(site / "bert"),
        "--assistant", str(assistant_file(site, "support")),
        "--assistant", str(hr),
        "--api-keys-file", str(keys_file),
        "--kv-cache-memory", "8MiB",
    )  # fmt: skip
    yield server, keys
    assert server.stop() == 0, server.log


def test_each_assistant_is_a_model_id_and_indexes_its_folder(
    keyed: tuple[Server, dict[str, str]], site: Path
) -> None:
    server, keys = keyed
    ids = [m.id for m in server.client(keys["admin"]).models.list().data]
    assert ids == [MODEL, "support", "hr", "bert"]
    assert (site / "knowledge" / "support.index" / "index.json").is_file()
    assert "assistant: support (1 passages" in server.log
    assert "assistant support: skipped broken.pdf" in server.log  # named, and the rest served


def test_an_answer_carries_citations_and_the_assistants_name(
    keyed: tuple[Server, dict[str, str]],
) -> None:
    server, keys = keyed
    ask = [{"role": "user", "content": "How long do I have to return a lamp?"}]
    reply = server.client(keys["support"]).chat.completions.create(model="support", messages=ask)  # type: ignore[arg-type]
    assert reply.model == "support"
    message = reply.choices[0].message.model_dump()
    assert isinstance(message["citations"], list)  # a random model cites nothing, or [n]
    streamed = server.client(keys["support"]).chat.completions.create(
        model="support",
        messages=ask,  # type: ignore[arg-type]
        stream=True,
    )
    chunks = list(streamed)
    last = [c for c in chunks if c.choices and c.choices[0].finish_reason][-1]
    assert "citations" in last.choices[0].delta.model_dump()
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == reply.choices[0].message.content  # greedy by default: the same answer


def test_a_scoped_key_reaches_its_assistant_and_nothing_else(
    keyed: tuple[Server, dict[str, str]],
) -> None:
    server, keys = keyed
    portal = server.client(keys["support"])
    assert [m.id for m in portal.models.list().data] == ["support"]
    ask = [{"role": "user", "content": "How many days of leave do staff get?"}]
    for model in ("hr", MODEL):
        with pytest.raises(openai.NotFoundError) as e:
            portal.chat.completions.create(model=model, messages=ask)  # type: ignore[arg-type]
        assert "this server serves 'support'" in str(e.value)
    with pytest.raises(openai.NotFoundError):
        portal.completions.create(model=MODEL, prompt="Staff get")
    with pytest.raises(openai.NotFoundError):
        portal.embeddings.create(model="bert", input="leave")
    headers = {"Authorization": f"Bearer {keys['support']}"}
    tokenized = httpx.post(f"{server.url}/tokenize", json={"prompt": "x"}, headers=headers)
    assert tokenized.status_code == 404


def test_an_assistants_own_key_list_is_enforced(keyed: tuple[Server, dict[str, str]]) -> None:
    server, keys = keyed
    ask = [{"role": "user", "content": "Leave?"}]
    server.client(keys["hr"]).chat.completions.create(model="hr", messages=ask)  # type: ignore[arg-type]
    server.client(keys["admin"]).chat.completions.create(model="hr", messages=ask)  # type: ignore[arg-type]
    with pytest.raises(openai.NotFoundError):
        server.client(keys["support"]).chat.completions.create(model="hr", messages=ask)  # type: ignore[arg-type]


def test_what_an_assistant_does_not_take_is_a_clear_400(
    keyed: tuple[Server, dict[str, str]],
) -> None:
    server, keys = keyed
    headers = {"Authorization": f"Bearer {keys['admin']}"}
    ask = [{"role": "user", "content": "Hi"}]
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    answered = [ask[0], {"role": "assistant", "content": "x"}]  # no question last
    cases = [
        ("/v1/chat/completions", {"model": "support", "messages": ask, "tools": [tool]}, "tools"),
        ("/v1/chat/completions", {"model": "support", "messages": answered}, "messages"),
        ("/v1/completions", {"model": "support", "prompt": "Hi"}, "model"),
    ]
    for path, body, param in cases:
        r = httpx.post(f"{server.url}{path}", json=body, headers=headers, timeout=30)
        assert r.status_code == 400, r.text
        assert r.json()["error"]["param"] == param, r.text


def test_a_long_question_costs_sources_not_the_request(
    keyed: tuple[Server, dict[str, str]],
) -> None:
    """The tiny model's context is 256 tokens and the prompt's instructions take ~120: a
    question of ~100 leaves no room for the passage (~45), which is dropped; the request is
    answered, not refused."""
    server, keys = keyed
    question = "Please tell me about returns " + "and lamps " * 16
    reply = server.client(keys["admin"]).chat.completions.create(
        model="support",
        messages=[{"role": "user", "content": question}],
    )
    assert reply.choices[0].finish_reason in ("stop", "length")
    assert reply.usage is not None and reply.usage.prompt_tokens <= 256 - 8


def test_an_index_of_another_embedding_model_is_refused_or_rebuilt(
    site: Path, chat_model: Path, tmp_path: Path, start: Callable[..., Server]
) -> None:
    """A prebuilt index (`gptship index`) of another model is refused with the fix; one the
    server builds from a documents folder is embedded again."""
    other = tmp_path / "other-bert"
    make_bert_dir(other, pooling="cls")
    write(tmp_path / "knowledge" / "support", SUPPORT)
    built = assistant_file(tmp_path, "support")
    server = start(chat_model, "--embedding-model", str(site / "bert"), "--assistant", str(built))
    assert server.stop() == 0
    prebuilt = assistant_file(tmp_path, "prebuilt", collections=["knowledge/support.index"])
    with pytest.raises(AssertionError) as e:
        start(chat_model, "--embedding-model", str(other), "--assistant", str(prebuilt))
    assert "exited 2" in str(e.value) and "was built with the embedding model" in str(e.value)
    assert "--embedding-model" in str(e.value) and "Traceback" not in str(e.value)
    again = start(chat_model, "--embedding-model", str(other), "--assistant", str(built))
    assert "re-embedding" in again.log
    assert again.stop() == 0


def test_assistant_file_errors_name_the_file_and_field(
    chat_model: Path, tmp_path: Path, start: Callable[..., Server]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(json.dumps({"instructions": "x", "collections": ["nowhere"], "handof": "y"}))
    with pytest.raises(AssertionError) as e:
        start(chat_model, "--assistant", str(bad))
    assert f"{bad}: unknown field 'handof'" in str(e.value)


def test_gptship_eval_reports_and_gates(
    keyed: tuple[Server, dict[str, str]], tmp_path: Path
) -> None:
    """A random model states no key fact: with --min-key-facts the command fails (exit 1),
    without a threshold it passes; both write the JSON report."""
    server, keys = keyed
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"question": "How long to return a lamp?", "key_fact": "30 days", '
        '"sources": ["returns.md"]}\n{"question": "Capital of Peru?", "refuse": true}\n'
    )
    report = tmp_path / "report.json"
    command = [str(GPTSHIP), "eval", str(questions), "--model", "support",
               "--base-url", f"{server.url}/v1", "--report", str(report)]  # fmt: skip
    env = {**os.environ, "OPENAI_API_KEY": keys["support"]}
    gated = subprocess.run(
        [*command, "--min-key-facts", "0.9"], env=env, capture_output=True, text=True
    )
    assert gated.returncode == 1, gated.stderr
    assert "below threshold: key facts 0.0% < 90.0%" in gated.stderr
    assert "Traceback" not in gated.stderr
    result = json.loads(report.read_text())
    assert result["questions"] == 2 and result["key_facts"] == 0.0 and result["leaks"] == 0
    assert result["p95_ms"] >= result["p50_ms"] > 0
    passed = subprocess.run(command, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stderr
    assert "key facts" in passed.stdout


def test_an_assistant_declared_inline_in_the_servers_yaml(
    keyed: tuple[Server, dict[str, str]],  # its server built the index read here
    site: Path,
    chat_model: Path,
    tmp_path: Path,
    start: Callable[..., Server],
) -> None:
    inline = {
        "name": "helpdesk",
        "instructions": "You are the help desk.",
        "collections": [str(site / "knowledge" / "support.index")],
        "retrieval": {"k": 2, "mode": "bm25"},
        "handoff": "Ask IT.",
    }
    config = tmp_path / "serve.yaml"
    config.write_text(yaml.safe_dump({"assistant": [inline]}))
    server = start(chat_model, "--config", str(config), "--kv-cache-memory", "8MiB")
    assert [m.id for m in server.client().models.list().data] == [MODEL, "helpdesk"]
    reply = server.client().chat.completions.create(
        model="helpdesk", messages=[{"role": "user", "content": "lamp returns?"}]
    )
    assert reply.model == "helpdesk"
    assert server.stop() == 0
