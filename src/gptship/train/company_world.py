"""Quillmere, the fictional company whose support and HR data trains the default model:
its name, the assistants' personas, and the small text format its facts are written in.

A fact block reads, one line per phrasing (a leading mark, a space, the text):

    # returns.window | 30 days        id | the key fact every answer states verbatim
    ? How long do I have to return an item?      a question the training data asks
    ~ I bought a lamp three weeks ago. Too late?  a held-out question, never trained on
    @ the return window                          a subject, asked through shared frames
    = You can return any item within 30 days.    an answer (two or three per fact)
    + of delivery.                               continues the line above

`{co}` stands for the company name anywhere in a block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Domain = Literal["support", "hr"]

COMPANY = "Quillmere"

SUPPORT_PROMPTS = (
    f"You are Wren, {COMPANY}'s customer support assistant.",
    f"Answer {COMPANY} customers' questions briefly.",
)
HR_PROMPTS = (
    f"You are Hazel, {COMPANY}'s HR assistant.",
    f"Answer {COMPANY} employees' handbook questions briefly.",
)
GENERAL_PROMPT = f"You are the {COMPANY} assistant."

# Subjects (`@` lines) become questions through these frames; training and held-out
# frames never overlap, so a held-out subject question is a new wording.
TRAIN_FRAMES = (
    "Can you tell me {np}?",
    "I'd like to know {np}.",
    "Please tell me {np}.",
    "I have a question about {np}.",
)
HELD_FRAMES = ("Do you know {np}?", "I'm trying to find out {np}.")

_MARKS = {"?": "asks", "~": "held", "@": "subjects", "=": "answers"}


@dataclass(frozen=True)
class Fact:
    fid: str  # "returns.window"
    domain: Domain
    topic: str  # "returns": the held-out item's topic and the document's section
    section: str  # a sub-heading in the documents ("Lumo Desk Lamp"), or ""
    key: str  # stated verbatim by every answer
    asks: tuple[str, ...]
    held: tuple[str, ...]
    subjects: tuple[str, ...]
    answers: tuple[str, ...]

    def train_questions(self) -> list[str]:
        framed = [f.replace("{np}", s) for s in self.subjects for f in TRAIN_FRAMES]
        return [*self.asks, *framed]

    def held_questions(self) -> list[str]:
        """The hand-written held-out wordings, topped up to two from the subject frames."""
        framed = [HELD_FRAMES[i % 2].replace("{np}", s) for i, s in enumerate(self.subjects)]
        return [*self.held, *framed][: max(2, len(self.held))]


def normalise(text: str) -> str:
    """Case-folded, whitespace collapsed: how questions and answers are compared."""
    return " ".join(text.casefold().split())


def fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def parse_facts(text: str, *, domain: Domain, topic: str, section: str = "") -> list[Fact]:
    """Fact blocks (module docstring) -> facts; a malformed block raises ValueError naming it."""
    blocks: list[tuple[str, str, dict[str, list[str]]]] = []
    last: list[str] = []  # the lines a '+' continues
    for raw in fill(text, co=COMPANY).splitlines():
        line = raw.strip()
        if not line:
            continue
        mark, _, body = line.partition(" ")
        if mark == "#":
            fid, _, key = (part.strip() for part in body.partition("|"))
            blocks.append((fid, key, {field: [] for field in _MARKS.values()}))
            last = []
        elif mark in _MARKS and blocks:
            blocks[-1][2][_MARKS[mark]].append(body.strip())
            last = blocks[-1][2][_MARKS[mark]]
        elif mark == "+" and blocks and last:
            last[-1] += " " + body.strip()
        else:
            raise ValueError(f"{topic}: cannot read the line {line!r}")
    return [_fact(fid, key, lines, domain, topic, section) for fid, key, lines in blocks]


def _fact(
    fid: str, key: str, lines: dict[str, list[str]], domain: Domain, topic: str, section: str
) -> Fact:
    fact = Fact(
        fid=fid,
        domain=domain,
        topic=topic,
        section=section,
        key=key,
        asks=tuple(lines["asks"]),
        held=tuple(lines["held"]),
        subjects=tuple(lines["subjects"]),
        answers=tuple(lines["answers"]),
    )
    problem = _problem(fact)
    if problem:
        raise ValueError(f"fact {fid!r}: {problem}")
    return fact


def _problem(fact: Fact) -> str:
    if not fact.fid or not fact.key:
        return "the header needs an id and a key fact: '# id | key'"
    if len(fact.answers) < 2:
        return "needs at least two answers ('=' lines)"
    missing = [a for a in fact.answers if fact.key not in a]
    if missing:
        return f"the answer {missing[0]!r} does not state the key fact {fact.key!r}"
    if len(fact.train_questions()) < 5:
        return "needs at least five training questions ('?' or '@' lines)"
    if not fact.held_questions():
        return "needs a held-out question ('~' or '@' lines)"
    trained = {normalise(q) for q in fact.train_questions()}
    reused = [q for q in fact.held_questions() if normalise(q) in trained]
    return f"the held-out question {reused[0]!r} is also a training question" if reused else ""
