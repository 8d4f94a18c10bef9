"""`gptship eval`'s scoring: key facts, citations that hold the fact, hand-offs, leaks and
latency, from answers as an assistant gives them; and its question file's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gptship.assistants.evaluate import Answer, Item, read_items, score
from gptship.errors import GptshipError

RETURNS = Item("How long to return?", key_fact="30 days", sources=("kb.md",))
PERU = Item("Capital of Peru?", refuse=True)
LEAVE = Item("Days of leave?", refuse=True, leak="25 days")


def cite(document: str, snippet: str) -> dict[str, str]:
    return {"document": document, "snippet": snippet}


def answer(item: Item, text: str, *cited: dict[str, str], ms: float = 100) -> Answer:
    return Answer(item, text, cited, ms / 1000)


def test_a_perfect_run() -> None:
    report = score("support", [
        answer(RETURNS, "Within 30 days. [1]", cite("kb.md", "Returns within 30 days.")),
        answer(PERU, "I don't know. Call us."),
        answer(LEAVE, "I don't know."),
    ])  # fmt: skip
    assert (report.key_facts, report.citations, report.refusals, report.leaks) == (1, 1, 1, 0)
    assert report.misses == []


def test_each_failure_counts_where_it_belongs() -> None:
    report = score("support", [
        answer(RETURNS, "Within 30 days.", ms=100),  # no citation
        answer(RETURNS, "Within 30 days. [1]", cite("kb.md", "Orders ship fast."), ms=200),
        answer(RETURNS, "I don't know.", ms=300),  # handed off: not answered
        answer(RETURNS, "Within 30 days. [1]", cite("handbook.md", "30 days"), ms=400),  # leak
        answer(PERU, "Lima.", ms=500),
        answer(LEAVE, "You get 25 days.", ms=600),  # states the other audience's fact
    ])  # fmt: skip
    assert report.key_facts == 3 / 4
    assert report.citations == 0 / 3
    assert report.refusals == 0 / 2
    assert report.leaks == 2
    assert report.p50_ms == pytest.approx(350) and report.p95_ms == pytest.approx(600)
    problems = [m["problem"] for m in report.misses]
    assert problems == [
        "no citation of a passage with the fact",
        "no citation of a passage with the fact",
        "handed off",
        "leak",
        "answered instead of handing off",
        "leak",
    ]


def test_question_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    cases = {
        '{"question": "x"}': "give a key_fact",
        '{"question": "x", "key_fact": "y", "refuse": true}': "not both",
        '{"key_fact": "y"}': "expected",
        '{"question": "x", "key_fact": "y", "sources": "kb.md"}': "sources must be a list",
        "{": "not valid JSON",
    }
    for line, says in cases.items():
        path.write_text('{"question": "ok", "refuse": true}\n' + line + "\n")
        with pytest.raises(GptshipError, match=f"{path}:2: .*{says}"):
            read_items(path)
