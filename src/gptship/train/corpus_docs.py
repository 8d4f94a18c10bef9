"""A corpus's facts as Markdown documents for retrieval (a handbook: one section per topic;
an articles page: one topic's sections as articles), and the README of a written corpus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from gptship.train.corpus_facts import Fact, Section, fill, known, mapping, mappings, text


@dataclass(frozen=True)
class Document:
    file: str  # relative to the corpus directory: "docs/support-kb.md"
    title: str
    intro: str  # a paragraph under the title, or ""
    topics: dict[str, str]  # a handbook's topics, in order -> their headings
    articles: str  # or the topic whose sections are articles


def load_documents(spec: Mapping[str, Any], variables: Mapping[str, str]) -> list[Document]:
    documents = []
    for i, raw in enumerate(mappings(spec, "documents", "corpus.yaml")):
        where = f"corpus.yaml: documents[{i}]"
        known(raw, {"file", "title", "intro", "topics", "articles"}, where)
        topics = {
            k: fill(str(v), variables) for k, v in mapping(raw.get("topics", {}), where).items()
        }
        document = Document(
            file=text(raw, "file", where),
            title=fill(text(raw, "title", where), variables),
            intro=fill(text(raw, "intro", where, ""), variables),
            topics=topics,
            articles=text(raw, "articles", where, ""),
        )
        if bool(document.topics) == bool(document.articles):
            raise ValueError(f"{where}: needs either 'topics' or 'articles'")
        documents.append(document)
    return documents


def render(document: Document, sections: list[Section]) -> str:
    lines = [f"# {document.title}", ""]
    if document.intro:
        lines += [document.intro, ""]
    if document.articles:
        chosen = [s for s in sections if s.topic == document.articles]
        return "\n".join(lines + [line for s in chosen for line in _article(s)])
    facts = [f for s in sections for f in s.facts]
    return "\n".join(lines + [line for t in document.topics.items() for line in _topic(t, facts)])


def _topic(topic: tuple[str, str], facts: list[Fact]) -> list[str]:
    lines = [f"## {topic[1]}", ""]
    chosen = [f for f in facts if f.topic == topic[0]]
    for section, group in groupby(chosen, key=lambda f: f.section):
        if section:
            lines += [f"### {section}", ""]
        # one fact a line: a key fact is never split across lines
        lines += [*(f.answers[0] for f in group), ""]
    return lines


def _article(section: Section) -> list[str]:
    lines = [f"## {section.name}", "", f"*{section.date}*", ""]
    for paragraph in section.paragraphs:
        lines += [paragraph, ""]
    lines += ["### Questions and answers", ""]
    for fact in section.facts:
        lines += [f"**{fact.train_questions[0]}** {fact.answers[0]}", ""]
    return lines


def readme(template: str, seed: int, counts: Iterable[tuple[str, int]]) -> str:
    """The corpus's README: `{seed}` and `{counts}` (a Markdown table's rows) filled in."""
    table = "\n".join(f"| {name} | {value:,} |" for name, value in counts)
    return fill(template, {"seed": str(seed), "counts": table})
