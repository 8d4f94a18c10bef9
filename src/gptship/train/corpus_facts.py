"""A company's fact files (YAML) -> facts: each fact has one key fact string (`"30 days"`)
that every answer states verbatim, a pool of training questions and a separate pool of
held-out ones, so a held-out score measures paraphrase, not recall of the prompt.

A fact file holds one topic of one domain:

    domain: support
    topic: returns
    facts:
      - id: returns.window
        key: 30 days                       # stated verbatim by every answer
        questions: [How long do I have to return an item?, ...]   # trained on
        subjects: [the return window]      # asked through the corpus's frames
        held_out: [I bought a lamp three weeks ago. Too late?]    # never trained on
        answers: [You can return any item within 30 days of delivery., ...]

or, instead of `facts`, `sections` (each with a `name` that the documents use as a
sub-heading, its `facts`, and for an article a `date` and `paragraphs`), and `templates`:
facts written once for every section and filled with the section's `values`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_FACT_FIELDS = {"id", "key", "questions", "subjects", "held_out", "answers"}
_SECTION_FIELDS = {"name", "values", "date", "paragraphs", "facts"}


@dataclass(frozen=True)
class Frames:
    """Subjects become questions through these; the two never share a wording."""

    train: tuple[str, ...]  # "Can you tell me {np}?"
    held: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    fid: str  # "returns.window"
    domain: str  # "support": whose personas answer it
    topic: str  # "returns": the held-out item's topic and the document's section
    section: str  # a sub-heading in the documents ("Lumo Desk Lamp"), or ""
    key: str
    held: tuple[str, ...]  # the hand-written held-out questions
    train_questions: tuple[str, ...]  # the written ones, then each subject in each frame
    held_questions: tuple[str, ...]  # `held`, topped up to two from the subject frames
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    topic: str
    name: str
    date: str  # an article's date, or ""
    paragraphs: tuple[str, ...]  # an article's text
    facts: tuple[Fact, ...]


def normalise(text: str) -> str:
    """Case-folded, whitespace collapsed: how questions and answers are compared."""
    return " ".join(text.casefold().split())


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace each `{name}` of `values`; other braces stay as they are."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


# --- typed reads of parsed YAML; each error names the file and the field -------------------


def read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return mapping(yaml.safe_load(f), str(path))


def mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"{where}: expected a mapping of names")
    return value


def text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{where}: {key!r} must be a string, not {value!r}")
    return value


def texts(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of strings")
    return tuple(value)


def mappings(data: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{where}: {key!r} must be a list")
    return [mapping(v, f"{where}: {key}[{i}]") for i, v in enumerate(value)]


def known(data: Mapping[str, Any], fields: set[str], where: str) -> None:
    unknown = sorted(set(data) - fields)
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r}")


# --- fact files ---------------------------------------------------------------------------


def load_sections(path: Path, frames: Frames, variables: Mapping[str, str]) -> list[Section]:
    """One fact file -> its sections, `{co}`-style variables filled in; a malformed fact
    raises ValueError naming the file and the fact."""
    data = read_yaml(path)
    where = str(path)
    known(data, {"domain", "topic", "templates", "sections", "facts"}, where)
    domain, topic = text(data, "domain", where), text(data, "topic", where)
    if ("facts" in data) == ("sections" in data):
        raise ValueError(f"{where}: needs either 'facts' or 'sections'")
    raw = mappings(data, "sections", where) or [{"facts": data["facts"]}]
    templates = mappings(data, "templates", where)
    sections = []
    for i, section in enumerate(raw):
        place = f"{where}: sections[{i}]"
        known(section, _SECTION_FIELDS, place)
        values = {k: str(v) for k, v in mapping(section.get("values", {}), place).items()}
        # a template's own values first: a value may hold a variable ("{co} app")
        rows = [(t, {**values, **variables}) for t in templates]
        rows += [(f, dict(variables)) for f in mappings(section, "facts", place)]
        name = fill(text(section, "name", place, ""), variables)
        facts = tuple(parse_fact(r, v, frames, (domain, topic, name), where) for r, v in rows)
        paragraphs = tuple(fill(p, variables) for p in texts(section, "paragraphs", place))
        sections.append(Section(topic, name, text(section, "date", place, ""), paragraphs, facts))
    return sections


def parse_fact(
    raw: Mapping[str, Any],
    values: Mapping[str, str],
    frames: Frames,
    place: tuple[str, str, str],  # (domain, topic, section)
    where: str,
) -> Fact:
    """One fact's mapping -> a checked Fact, its `{name}` placeholders filled from `values`."""

    def filled(s: str) -> str:
        return fill(s, values)

    fid = filled(text(raw, "id", where, ""))
    here = f"{where}: fact {fid!r}"
    known(raw, _FACT_FIELDS, here)
    asks, held, subjects, answers = (
        tuple(filled(s) for s in texts(raw, field, here))
        for field in ("questions", "held_out", "subjects", "answers")
    )
    framed = [f.replace("{np}", s) for s in subjects for f in frames.train]
    held_frames = [frames.held[i % len(frames.held)] for i in range(len(subjects))]
    held_framed = [f.replace("{np}", s) for f, s in zip(held_frames, subjects, strict=True)]
    fact = Fact(
        fid=fid,
        domain=place[0],
        topic=place[1],
        section=place[2],
        key=filled(text(raw, "key", here, "")),
        held=held,
        train_questions=(*asks, *framed),
        held_questions=(*held, *held_framed)[: max(2, len(held))],
        answers=answers,
    )
    problem = _problem(fact)
    if problem:
        raise ValueError(f"{here}: {problem}")
    return fact


def _problem(fact: Fact) -> str:
    if not fact.fid or not fact.key:
        return "needs an 'id' and a 'key'"
    if len(fact.answers) < 2:
        return "needs at least two answers"
    missing = [a for a in fact.answers if fact.key not in a]
    if missing:
        return f"the answer {missing[0]!r} does not state the key fact {fact.key!r}"
    if len(fact.train_questions) < 5:
        return "needs at least five training questions ('questions' or 'subjects')"
    if not fact.held_questions:
        return "needs a held-out question ('held_out' or 'subjects')"
    trained = {normalise(q) for q in fact.train_questions}
    reused = [q for q in fact.held_questions if normalise(q) in trained]
    return f"the held-out question {reused[0]!r} is also a training question" if reused else ""
