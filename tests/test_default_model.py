"""The default model that `make run` serves (models/quillmere-assistant): it answers held-out
paraphrased questions with their key fact in fluent sentences, stays small, and its model
card tells the truth about its weights, data and training command."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gptship.deploy.manifest import file_sha256
from gptship.train.card import train_command
from gptship.train.corpus import CorpusFiles, write_corpus
from gptship.train.evaluate import Report, evaluate
from tests.figures import FIGURES
from tests.server.conftest import MODEL, Server
from tests.test_chat import chat

DEFAULT_MODEL = Path(__file__).parent.parent / "models" / "quillmere-assistant"
QUILLMERE = Path(__file__).parent.parent / "examples" / "quillmere"  # its corpus's facts
MAX_BYTES = 25 * 1024 * 1024
_SENTENCE_END = re.compile(r"[.!?]$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusFiles:
    """The corpus regenerated from its seed: the same bytes the model was trained on."""
    return write_corpus(QUILLMERE, tmp_path_factory.mktemp("quillmere"), seed=0)


@pytest.fixture(scope="module")
def report(corpus: CorpusFiles) -> Report:
    return evaluate(DEFAULT_MODEL, corpus.heldout)


def test_it_answers_heldout_paraphrases_with_the_key_fact(report: Report) -> None:
    FIGURES.append(f"default model, held-out questions: {report.summary()}")
    assert report.score >= 0.8, report.summary()


def test_its_answers_are_fluent_sentences(report: Report, corpus: CorpusFiles) -> None:
    """Every answer is whole sentences: it starts with a capital, ends on a full stop, does not
    loop, and nearly all of its sentences are ones the corpus itself writes (a garbled
    mix of two answers would not be)."""
    taught = {
        s
        for line in corpus.train.read_text(encoding="utf-8").splitlines()
        for m in json.loads(line)["messages"]
        if m["role"] == "assistant"
        for s in _sentences(m["content"])
    }
    said = [s for a in report.answers for s in _sentences(a.answer)]
    for a in report.answers:
        assert a.answer[:1].isupper() and _SENTENCE_END.search(a.answer), a.answer
        assert 4 <= len(a.answer.split()) <= 60, a.answer
        words = a.answer.casefold().split()
        # a phrase of five words said twice is a loop (the corpus repeats three-word ones:
        # "the plastic wrap on its filter ... take the plastic wrap off")
        grams = [tuple(words[i : i + 5]) for i in range(len(words) - 4)]
        assert len(grams) == len(set(grams)), f"repeats itself: {a.answer}"
    share = sum(s in taught for s in said) / len(said)
    FIGURES.append(f"default model, answer sentences the corpus writes verbatim: {share:.1%}")
    assert share >= 0.9


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def test_it_is_small_and_its_card_tells_the_truth(corpus: CorpusFiles) -> None:
    files = [p for p in DEFAULT_MODEL.iterdir() if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= MAX_BYTES
    card = (DEFAULT_MODEL / "README.md").read_text(encoding="utf-8")
    assert file_sha256(DEFAULT_MODEL / "model.safetensors") in card
    assert file_sha256(corpus.train) in card, (
        "the corpus generator no longer writes the trained data"
    )
    settings = json.loads((DEFAULT_MODEL / "training.json").read_text())["config"]
    # the second stage, fine-tuned on the grounded corpus into the Makefile's folder
    assert settings["out"] == ".cache/quillmere-grounded-model" and settings["base"]
    assert train_command(settings, out=Path(settings["out"])) in card
    assert "python -m gptship.train.corpus_grounded" in card
    assert "## Evaluation" in card and "## Limits" in card
    assert "| support | 207 |" in card and "| hr | 207 |" in card  # the assistants' figures


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server(DEFAULT_MODEL)
    yield s
    assert s.stop() == 0, s.log


def test_it_answers_a_support_question_through_the_server(server: Server) -> None:
    """The README's tour: the openai SDK and `gptship chat --url` against `make run`'s model,
    with no temperature given: the model's generation_config.json makes it greedy, so every
    seed gives the same answer."""
    question = "How do I reset my password?"
    client = server.client()
    answers = {
        client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": question}], seed=seed
        )
        .choices[0]
        .message.content
        for seed in range(3)
    }
    (answer,) = answers
    assert answer is not None and "Forgot password" in answer
    result = chat("--url", f"{server.url}/v1", stdin=question + "\n")
    assert result.returncode == 0, result.stderr
    assert answer in result.stdout
