"""The training corpus of gptship's default model: the support and HR data of Quillmere, a
fictional company, as chat conversations, held-out paraphrased questions that score the
trained model, and the same facts as Markdown documents.

    python -m gptship.train.company --out data/quillmere [--seed 0]

The world is small and closed (company_*.py hold its facts): each fact has one key fact
string (`"30 days"`) that every answer states verbatim, a pool of training questions and a
separate pool of held-out ones, so the score measures paraphrase, not recall of the prompt."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gptship.train import company_chat as chat
from gptship.train import company_docs as docs
from gptship.train.company_benefits import benefit_facts
from gptship.train.company_catalog import product_facts
from gptship.train.company_chat import Message
from gptship.train.company_help import troubleshooting_facts
from gptship.train.company_hr import hr_facts
from gptship.train.company_news import news_facts
from gptship.train.company_orders import order_facts
from gptship.train.company_support import support_facts
from gptship.train.company_world import Domain, Fact, normalise

TURNS_PER_FACT = 96  # assistant turns stating each fact: its questions, each in a few dressings
TURNS_PER_CONVERSATION = ((1, 92), (2, 6), (3, 2))  # (user turns, weight)
GREETING_CHANCE = 0.05  # a conversation opens with "Hi!" and a greeting
GOODBYE_CHANCE = 0.05  # a conversation ends with thanks and a farewell


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


def all_facts() -> list[Fact]:
    """Every fact of the world, in document order; ids are unique."""
    facts = [
        *product_facts(),
        *support_facts(),
        *order_facts(),
        *troubleshooting_facts(),
        *hr_facts(),
        *benefit_facts(),
        *news_facts(),
    ]
    ids = [f.fid for f in facts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"fact ids used twice: {', '.join(duplicates)}")
    return facts


# --- matching an answer against a key fact ---------------------------------------------------

_WORD = re.compile(r"\w")


def key_fact_found(answer: str, key_fact: str) -> bool:
    """Whether `answer` states `key_fact`: case-insensitive, whitespace-normalised, and whole
    tokens only at the key's edges ("30 days" is not in "130 days", "$49" not in "$49.99",
    "Rotterdam" not in "Rotterdamse")."""
    key, text = normalise(key_fact), normalise(answer)
    if not key:
        return False
    start = text.find(key)
    while start != -1:
        if _whole(text, start, start + len(key)):
            return True
        start = text.find(key, start + 1)
    return False


def _whole(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if _WORD.match(text[start]) and before and _WORD.match(before[-1]):
        return False
    if _WORD.match(text[end - 1]) and after and _WORD.match(after[0]):
        return False
    # a number continued by a decimal or thousands part: "1.30 days", "$49.99"
    if text[start].isdigit() and len(before) == 2 and before[1] in ".," and before[0].isdigit():
        return False
    return not (
        text[end - 1].isdigit() and len(after) == 2 and after[0] in ".," and after[1].isdigit()
    )


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
    domain: Domain
    question: str  # undressed
    answer: str


def _turns(facts: list[Fact], rng: random.Random) -> list[_Turn]:
    """TURNS_PER_FACT per fact, cycling through its questions and answers evenly."""
    turns = []
    for fact in facts:
        questions, answers = fact.train_questions(), list(fact.answers)
        rng.shuffle(questions)
        rng.shuffle(answers)
        for i in range(TURNS_PER_FACT):
            q, a = questions[i % len(questions)], answers[i % len(answers)]
            turns.append(_Turn(fact.domain, q, a))
    return turns


def _conversation(domain: Domain, turns: list[_Turn], rng: random.Random) -> list[Message]:
    prompt = rng.choice(chat.prompts(domain))
    messages = [{"role": "system", "content": prompt}]
    style = chat.OPENING
    if rng.random() < GREETING_CHANCE:
        messages += _pair(rng.choice(chat.GREETINGS), chat.greeting(prompt))
        style = chat.PLAIN
    for turn in turns:
        messages += _pair(chat.dress(turn.question, style, rng), turn.answer)
        style = chat.FOLLOW_UP
    if rng.random() < GOODBYE_CHANCE:
        messages += _pair(rng.choice(chat.GOODBYES), chat.farewell(rng))
    return messages


def _pair(question: str, answer: str) -> list[Message]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def _conversations(facts: list[Fact], rng: random.Random) -> list[list[Message]]:
    turns = _turns(facts, rng)
    conversations = []
    sizes, weights = zip(*TURNS_PER_CONVERSATION, strict=True)
    for domain in ("support", "hr"):
        pool = [t for t in turns if t.domain == domain]
        rng.shuffle(pool)
        while pool:
            size = rng.choices(sizes, weights)[0]
            conversations.append(_conversation(domain, pool[:size], rng))
            del pool[:size]
        conversations += chat.small_talk(domain, rng)
    rng.shuffle(conversations)
    return conversations


def _held_out(facts: list[Fact], trained: set[str], rng: random.Random) -> list[dict[str, Any]]:
    items = []
    for fact in facts:
        for question in fact.held_questions():
            text = chat.dress(question, chat.HELD_OUT, rng)
            if normalise(text) in trained:  # a wording another fact trains on: ask it bare
                text = question
            system = {"role": "system", "content": rng.choice(chat.prompts(fact.domain))}
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


def _jsonl(items: Sequence[object]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def write_corpus(out: Path, seed: int = 0) -> CorpusFiles:
    """Write train.jsonl, heldout.jsonl, docs/*.md and README.md under `out`, each file
    atomically; the same seed writes the same bytes."""
    rng = random.Random(seed)
    facts = all_facts()
    conversations = _conversations(facts, rng)
    trained = {normalise(m["content"]) for c in conversations for m in c if m["role"] == "user"}
    heldout = _held_out(facts, trained, rng)
    messages = [m for c in conversations for m in c]
    files = CorpusFiles(
        train=out / "train.jsonl",
        heldout=out / "heldout.jsonl",
        docs=(out / "docs/support-kb.md", out / "docs/hr-handbook.md", out / "docs/news.md"),
        readme=out / "README.md",
        conversations=len(conversations),
        assistant_turns=sum(m["role"] == "assistant" for m in messages),
        characters=sum(len(m["content"]) for m in messages),
        facts=len(facts),
        heldout_items=len(heldout),
    )
    counts = [
        ("facts", files.facts),
        ("training conversations", files.conversations),
        ("assistant turns", files.assistant_turns),
        ("assistant turns per fact", TURNS_PER_FACT),
        ("characters of message text in train.jsonl", files.characters),
        ("held-out questions", files.heldout_items),
    ]
    texts = {
        files.train: _jsonl([{"messages": c} for c in conversations]),
        files.heldout: _jsonl(heldout),
        files.docs[0]: docs.support_kb([f for f in facts if f.domain == "support"]),
        files.docs[1]: docs.hr_handbook([f for f in facts if f.domain == "hr"]),
        files.docs[2]: docs.news(),
        files.readme: docs.readme(seed, counts),
    }
    for path, text in texts.items():
        _write_atomic(path, text)
    return files


def _write_atomic(path: Path, text: str) -> None:
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
        prog="python -m gptship.train.company",
        description="Write the Quillmere training corpus, held-out questions and documents.",
    )
    parser.add_argument("--out", type=Path, required=True, help="the directory to write")
    parser.add_argument("--seed", type=int, default=0, help="the same seed, the same bytes")
    args = parser.parse_args(argv)
    files = write_corpus(args.out, args.seed)
    print(
        f"wrote {args.out} (seed {args.seed}): {files.facts} facts, "
        f"{files.conversations:,} conversations ({files.assistant_turns:,} assistant turns, "
        f"{files.characters:,} characters), {files.heldout_items} held-out questions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
