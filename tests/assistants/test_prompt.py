"""The grounded prompt: sources numbered in the system message, trimmed to the budget (a long
question costs sources, then earlier turns, never the question), and markers read back as
citations."""

from __future__ import annotations

from typing import Any

from gptship.assistants.prompt import citations, fit_passages, handoff_answer, system_prompt
from gptship.knowledge.documents import Passage

A = Passage("kb.md", "Support", ("Returns",), "Returns are accepted within 30 days.", line=5)
B = Passage("kb.md", "Support", ("Shipping",), "Orders ship in 2 days.", line=9)
C = Passage("guide.pdf", "Guide", (), "x" * 1500, page=3)


def words(messages: list[dict[str, Any]]) -> int:
    return sum(len(m["content"].split()) for m in messages)


def test_sources_are_numbered_with_their_heading_path() -> None:
    prompt = system_prompt("You are Wren.", "Call us.", [A, B])
    assert prompt.startswith("You are Wren.\nAnswer from the sources below")
    assert "reply: I don't know. Call us." in prompt
    assert "[1] Support > Returns\nReturns are accepted within 30 days." in prompt
    assert "[2] Support > Shipping\nOrders ship in 2 days." in prompt
    assert "(no sources)" in system_prompt("You are Wren.", "Call us.", [])
    assert handoff_answer("") == "I don't know."


def test_a_long_question_drops_the_last_sources_first() -> None:
    ask = [{"role": "user", "content": "word " * 30}]
    full, kept = fit_passages("I", "H", [A, B], ask, budget=1000, count=words)
    assert kept == [A, B]
    budget = words(full) - 3  # B's text is 5 words: dropping it fits
    messages, kept = fit_passages("I", "H", [A, B], ask, budget=budget, count=words)
    assert kept == [A] and words(messages) <= budget
    assert messages[-1] == ask[0]


def test_then_earlier_turns_go_and_the_question_stays() -> None:
    old = [{"role": "user", "content": "a " * 50}, {"role": "assistant", "content": "b " * 50}]
    ask = [*old, {"role": "user", "content": "where is my order?"}]
    messages, kept = fit_passages("I", "H", [A], ask, budget=40, count=words)
    assert kept == [] and messages[1:] == ask[-1:]


def test_markers_become_citations_of_their_passages() -> None:
    answer = "Within 30 days [1], shipped in 2 days [2][1]. See [7] and [0]."
    cited = citations(answer, [A, B, C])
    assert [c.number for c in cited] == [1, 2]
    first = cited[0].json()
    assert first == {
        "index": 1,
        "document": "kb.md",
        "title": "Support",
        "heading": "Returns",
        "where": "line 5",
        "snippet": "Returns are accepted within 30 days.",
    }
    long = citations("[3]", [A, B, C])[0]
    assert long.where == "page 3" and long.snippet.endswith("…") and len(long.snippet) == 1001
