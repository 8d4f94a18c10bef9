"""A company's facts (a directory of YAML files) -> a chat training corpus, held-out
paraphrased questions that score the trained model, and the same facts as Markdown.

    python -m gptship.train.corpus examples/quillmere --out DIR [--seed 0]

The directory holds corpus.yaml (personas, small talk, which fact files, which documents),
chat.yaml (how questions are dressed as messages) and the fact files (corpus_facts has
their format); examples/quillmere is the default model's company and a template for yours."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gptship.assistants.facts import key_fact_found
from gptship.train.corpus_chat import Chat, Message, dress, greeting, load_chat, pair, small_talk
from gptship.train.corpus_docs import Document, load_documents, readme, render
from gptship.train.corpus_facts import (
    Fact,
    Frames,
    Section,
    fill,
    load_sections,
    mapping,
    normalise,
    read_yaml,
    texts,
)


@dataclass(frozen=True)
class Mix:
    turns_per_fact: int  # assistant turns stating each fact: its questions, in a few dressings
    turns_per_conversation: tuple[tuple[int, float], ...]  # (user turns, weight)
    greeting_chance: float  # a conversation opens with a greeting
    goodbye_chance: float  # a conversation ends with thanks and a farewell


@dataclass(frozen=True)
class Company:
    """Everything a corpus is made from, read from one directory."""

    sections: tuple[Section, ...]  # in the order of corpus.yaml's fact files
    chat: Chat
    mix: Mix
    documents: tuple[Document, ...]
    readme: str  # the README template, `{seed}` and `{counts}` still to fill

    @property
    def facts(self) -> list[Fact]:
        return [f for s in self.sections for f in s.facts]


@dataclass(frozen=True)
class CorpusFiles:
    train: Path
    heldout: Path
    docs: tuple[Path, ...]
    readme: Path
    conversations: int
    assistant_turns: int
    characters: int  # of every message's content in train.jsonl
    facts: int
    heldout_items: int


def load_company(directory: Path) -> Company:
    """Read and check a company's directory; an error names the file and the field."""
    spec = read_yaml(directory / "corpus.yaml")
    variables = {k: str(v) for k, v in mapping(spec.get("variables", {}), "variables").items()}
    frames = mapping(spec.get("frames"), "corpus.yaml: frames")
    frames_ = Frames(texts(frames, "train", "frames"), texts(frames, "held_out", "frames"))
    if not frames_.train or not frames_.held:
        raise ValueError("corpus.yaml: frames needs 'train' and 'held_out' frames")
    files = texts(spec, "facts", "corpus.yaml")
    sections = [s for f in files for s in load_sections(directory / f, frames_, variables)]
    ids = [f.fid for s in sections for f in s.facts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"fact ids used twice: {', '.join(duplicates)}")
    template = (directory / str(spec.get("readme"))).read_text(encoding="utf-8")
    return Company(
        sections=tuple(sections),
        chat=load_chat(directory, spec, variables),
        mix=_mix(mapping(spec.get("mix"), "corpus.yaml: mix")),
        documents=tuple(load_documents(spec, variables)),
        readme=fill(template, variables),
    )


def _mix(data: Mapping[str, Any]) -> Mix:
    raw = data.get("turns_per_conversation")
    if not isinstance(raw, dict) or not raw:
        raise ValueError("corpus.yaml: mix.turns_per_conversation must map user turns to weights")
    sizes = {str(k): v for k, v in raw.items()}
    return Mix(
        turns_per_fact=int(data["turns_per_fact"]),
        turns_per_conversation=tuple((int(k), float(v)) for k, v in sizes.items()),
        greeting_chance=float(data["greeting_chance"]),
        goodbye_chance=float(data["goodbye_chance"]),
    )


# --- matching an answer against a key fact ---------------------------------------------------


def score(answers: Sequence[str], heldout: Sequence[Mapping[str, Any]]) -> float:
    """The share of held-out items whose answer states the item's key fact."""
    if len(answers) != len(heldout):
        raise ValueError(f"{len(answers)} answers for {len(heldout)} held-out items")
    if not heldout:
        return 0.0
    found = sum(
        key_fact_found(a, str(item["key_fact"])) for a, item in zip(answers, heldout, strict=True)
    )
    return found / len(heldout)


# --- the corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Turn:
    domain: str
    question: str  # undressed
    answer: str


def _turns(facts: list[Fact], per_fact: int, rng: random.Random) -> list[_Turn]:
    """`per_fact` turns per fact, cycling through its questions and answers evenly."""
    turns = []
    for fact in facts:
        questions, answers = list(fact.train_questions), list(fact.answers)
        rng.shuffle(questions)
        rng.shuffle(answers)
        for i in range(per_fact):
            q, a = questions[i % len(questions)], answers[i % len(answers)]
            turns.append(_Turn(fact.domain, q, a))
    return turns


def _conversation(
    company: Company, domain: str, turns: list[_Turn], rng: random.Random
) -> list[Message]:
    chat, mix = company.chat, company.mix
    persona = rng.choice(chat.personas[domain])
    messages = [{"role": "system", "content": persona.prompt}]
    style = chat.opening
    if rng.random() < mix.greeting_chance:
        messages += pair(rng.choice(chat.greetings), greeting(chat, persona))
        style = chat.plain
    for turn in turns:
        messages += pair(dress(chat, turn.question, style, rng), turn.answer)
        style = chat.follow_up
    if rng.random() < mix.goodbye_chance:
        messages += pair(rng.choice(chat.goodbyes), rng.choice(chat.farewells))
    return messages


def _conversations(company: Company, rng: random.Random) -> list[list[Message]]:
    turns = _turns(company.facts, company.mix.turns_per_fact, rng)
    conversations = []
    sizes, weights = zip(*company.mix.turns_per_conversation, strict=True)
    for domain in company.chat.personas:
        pool = [t for t in turns if t.domain == domain]
        rng.shuffle(pool)
        while pool:
            size = rng.choices(sizes, weights)[0]
            conversations.append(_conversation(company, domain, pool[:size], rng))
            del pool[:size]
        conversations += small_talk(company.chat, domain, rng)
    rng.shuffle(conversations)
    return conversations


def _held_out(company: Company, trained: set[str], rng: random.Random) -> list[dict[str, Any]]:
    chat, items = company.chat, []
    for fact in company.facts:
        for question in fact.held_questions:
            text = dress(chat, question, chat.held_out, rng)
            if normalise(text) in trained:  # a wording another fact trains on: ask it bare
                text = question
            system = {"role": "system", "content": rng.choice(chat.personas[fact.domain]).prompt}
            items.append(
                {
                    "messages": [system, {"role": "user", "content": text}],
                    "key_fact": fact.key,
                    "topic": fact.topic,
                    "fact": fact.fid,
                    "reference": fact.answers[0],
                }
            )
    return items


def jsonl(items: Sequence[object]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def write_corpus(source: Path, out: Path, seed: int = 0) -> CorpusFiles:
    """Write train.jsonl, heldout.jsonl, the documents and README.md of the company in
    `source` under `out`, each file atomically; the same seed writes the same bytes."""
    company = load_company(source)
    rng = random.Random(seed)
    conversations = _conversations(company, rng)
    trained = {normalise(m["content"]) for c in conversations for m in c if m["role"] == "user"}
    heldout = _held_out(company, trained, rng)
    messages = [m for c in conversations for m in c]
    files = CorpusFiles(
        train=out / "train.jsonl",
        heldout=out / "heldout.jsonl",
        docs=tuple(out / d.file for d in company.documents),
        readme=out / "README.md",
        conversations=len(conversations),
        assistant_turns=sum(m["role"] == "assistant" for m in messages),
        characters=sum(len(m["content"]) for m in messages),
        facts=len(company.facts),
        heldout_items=len(heldout),
    )
    counts = [
        ("facts", files.facts),
        ("training conversations", files.conversations),
        ("assistant turns", files.assistant_turns),
        ("assistant turns per fact", company.mix.turns_per_fact),
        ("characters of message text in train.jsonl", files.characters),
        ("held-out questions", files.heldout_items),
    ]
    texts = {
        files.train: jsonl([{"messages": c} for c in conversations]),
        files.heldout: jsonl(heldout),
        **{
            p: render(d, list(company.sections))
            for p, d in zip(files.docs, company.documents, strict=True)
        },
        files.readme: readme(company.readme, seed, counts),
    }
    for path, text in texts.items():
        write_atomic(path, text)
    return files


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same directory: rename is atomic
    try:
        with temp.open("w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gptship.train.corpus",
        description="Write a company's training corpus, held-out questions and documents.",
    )
    parser.add_argument("source", type=Path, help="the company's directory: corpus.yaml, ...")
    parser.add_argument("--out", type=Path, required=True, help="the directory to write")
    parser.add_argument("--seed", type=int, default=0, help="the same seed, the same bytes")
    args = parser.parse_args(argv)
    files = write_corpus(args.source, args.out, args.seed)
    print(
        f"wrote {args.out} (seed {args.seed}): {files.facts} facts, "
        f"{files.conversations:,} conversations ({files.assistant_turns:,} assistant turns, "
        f"{files.characters:,} characters), {files.heldout_items} held-out questions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
