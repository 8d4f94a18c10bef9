"""The grounded prompt: the assistant's instructions, the answer policy and the retrieved
passages as numbered sources, then the conversation. The default model is trained on
exactly this layout (gptship.train.corpus_grounded), so serving and training share it.

An answer cites a source with its number in brackets, "... within 30 days of delivery. [1]";
`citations` turns the markers of an answer back into the passages they name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gptship.knowledge.documents import Passage

POLICY = (
    "Answer from the sources below and cite each fact's source as [n]. "
    "If the sources do not answer the question, reply: I don't know. {handoff}"
)
NO_SOURCES = "(no sources)"
_MARKER = re.compile(r"\[(\d{1,2})\]")
_MARKER_AND_SPACE = re.compile(r"\s*\[\d{1,2}\]")
SNIPPET_CHARS = 1000  # a passage is 600 at most by default: whole, so a reader can check it


def source_block(number: int, passage: Passage) -> str:
    path = " > ".join((passage.title, *passage.headings))
    return f"[{number}] {path}\n{passage.text}"


def system_prompt(instructions: str, handoff: str, passages: Sequence[Passage]) -> str:
    blocks = [source_block(n, p) for n, p in enumerate(passages, 1)] or [NO_SOURCES]
    policy = POLICY.format(handoff=handoff).strip()
    return "\n\n".join([f"{instructions.strip()}\n{policy}", *blocks])


def without_markers(answer: str) -> str:
    """An earlier answer as the next prompt shows it: its markers named the sources of
    another prompt, so they go (serving and the grounded corpus both do this)."""
    return _MARKER_AND_SPACE.sub("", answer).strip()


def handoff_answer(handoff: str) -> str:
    return f"I don't know. {handoff}".strip()


def fit_passages(
    instructions: str,
    handoff: str,
    passages: Sequence[Passage],
    conversation: Sequence[dict[str, Any]],
    budget: int,
    count: Callable[[list[dict[str, Any]]], int],
) -> tuple[list[dict[str, Any]], list[Passage]]:
    """The messages to send, with as many of `passages` (best first) as fit in `budget`
    tokens beside the conversation (`count` measures a message list as the model's
    template renders it): a long question costs sources, never the request. Earlier turns
    go first when even no source leaves room; the last user turn always stays."""
    kept = list(passages)
    turns = list(conversation)
    while True:
        messages = [{"role": "system", "content": system_prompt(instructions, handoff, kept)}]
        messages += turns
        if count(messages) <= budget:
            return messages, kept
        if kept:
            kept.pop()
        elif len(turns) > 1:
            del turns[: _first_turn_end(turns)]
        else:
            return messages, kept  # the question alone is too long: the engine says so


def _first_turn_end(turns: Sequence[dict[str, Any]]) -> int:
    """How many messages the oldest exchange spans (a user turn and what answered it)."""
    for i, message in enumerate(turns[1:], 1):
        if message.get("role") == "user":
            return i
    return len(turns) - 1


def quotes(handoff: str, passages: Sequence[Passage]) -> list[str]:
    """Every answer a quoting assistant may give: a line of a source with that source's
    marker, or the hand-off. Decoding is held to these, so an answer states only what a
    source says, word for word, and its marker names that very source."""
    lines = [
        f"{line.strip()} [{n}]"
        for n, p in enumerate(passages, 1)
        for line in p.text.splitlines()
        if line.strip()
    ]
    return list(dict.fromkeys([*lines, handoff_answer(handoff)]))


@dataclass(frozen=True)
class Citation:
    """A source an answer cites: the OpenAI-compatible `citations` entries of a message."""

    number: int
    document: str
    title: str
    heading: str
    where: str
    snippet: str

    def json(self) -> dict[str, Any]:
        return {
            "index": self.number,
            "document": self.document,
            "title": self.title,
            "heading": self.heading,
            "where": self.where,
            "snippet": self.snippet,
        }


def citations(answer: str, passages: Sequence[Passage]) -> list[Citation]:
    """The passages `answer` names by marker, in the order first cited; markers that name
    no source are ignored."""
    cited: dict[int, Citation] = {}
    for match in _MARKER.finditer(answer):
        number = int(match.group(1))
        if 1 <= number <= len(passages) and number not in cited:
            p = passages[number - 1]
            snippet = p.text if len(p.text) <= SNIPPET_CHARS else p.text[:SNIPPET_CHARS] + "…"
            cited[number] = Citation(
                number, p.document, p.title, " > ".join(p.headings), p.where, snippet
            )
    return list(cited.values())
