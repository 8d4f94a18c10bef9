"""Chat-format JSONL -> token ids, with the positions the model learns to produce: the
assistant turns (their text and the template's end-of-turn marker), nothing else."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gptship.errors import GptshipError
from gptship.model.tokenizer import Tokenizer

ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class Example:
    ids: list[int]
    learn: list[bool]  # learn[i]: token i is part of an assistant turn (a training target)
    asks: list[bool]  # asks[i]: token i is part of a user turn

    def weights(self, user_weight: float) -> list[float]:
        """Each token's weight as a target: 1 in an assistant turn, user_weight in a user
        turn, 0 elsewhere (system prompts, the template's role headers)."""
        return [
            1.0 if learn else user_weight if ask else 0.0
            for learn, ask in zip(self.learn, self.asks, strict=True)
        ]


def read_conversations(path: Path) -> list[list[dict[str, str]]]:
    """Every line {"messages": [{"role", "content"}, ...]}; errors name the file and line."""
    conversations = [
        _conversation(item, path, number) for number, item in json_lines(path, "training data")
    ]
    if not conversations:
        raise GptshipError(f"{path}: no conversations; write one JSON object per line")
    return conversations


def json_lines(path: Path, what: str) -> list[tuple[int, Any]]:
    """The JSON value of each non-blank line of a .jsonl file, with its line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GptshipError(f"{path}: cannot read the {what} ({e.strerror})") from None
    return [(n, json_line(path, n, line)) for n, line in enumerate(lines, 1) if line.strip()]


def json_line(path: Path, number: int, line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as e:
        raise GptshipError(f"{path}:{number}: not valid JSON ({e.msg})") from None


def _conversation(item: Any, path: Path, number: int) -> list[dict[str, str]]:
    where = f"{path}:{number}"
    messages = item.get("messages") if isinstance(item, dict) else None
    if not isinstance(messages, list) or not messages:
        raise GptshipError(f'{where}: expected {{"messages": [{{"role": ..., "content": ...}}]}}')
    turns = []
    for m in messages:
        if (
            not isinstance(m, dict)
            or m.get("role") not in ROLES
            or not isinstance(m.get("content"), str)
        ):
            raise GptshipError(
                f"{where}: every message needs a role ({', '.join(ROLES)}) and a string content"
            )
        turns.append({"role": m["role"], "content": m["content"]})
    reference = item.get("reference")  # a held-out question's reference answer
    if isinstance(reference, str) and turns[-1]["role"] != "assistant":
        turns.append({"role": "assistant", "content": reference})
    return turns


def drop_words(
    messages: list[dict[str, str]], rng: random.Random, rate: float
) -> list[dict[str, str]]:
    """The conversation with each word of its user turns dropped with probability `rate`
    (at least two words stay)."""
    out = []
    for m in messages:
        words = m["content"].split()
        if m["role"] == "user" and len(words) > 2:
            kept = [w for w in words if rng.random() >= rate]
            if len(kept) < 2:
                kept = [words[i] for i in sorted(rng.sample(range(len(words)), 2))]
            m = {**m, "content": " ".join(kept)}
        out.append(m)
    return out


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def corpus_words(conversations: list[list[dict[str, str]]]) -> list[str]:
    """Every distinct word of the conversations (letters and apostrophes), sorted: the pool
    that distractors are drawn from."""
    return sorted({w for c in conversations for m in c for w in _WORD.findall(m["content"])})


def add_distractors(
    messages: list[dict[str, str]], rng: random.Random, rate: float, words: list[str]
) -> list[dict[str, str]]:
    """The conversation with, before each user turn and after it, each with probability
    `rate`, a run of one to three random corpus words: a greeting or a sign-off the model has
    never seen, which it must learn to read past."""
    out = []
    for m in messages:
        if m["role"] == "user":
            before = _fragment(rng, words) + " " if rng.random() < rate else ""
            after = " " + _fragment(rng, words) if rng.random() < rate else ""
            m = {**m, "content": before + m["content"] + after}
        out.append(m)
    return out


def _fragment(rng: random.Random, words: list[str]) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
    return text[0].upper() + text[1:] + rng.choice((".", "!", ",", ":", ""))


def encode(tokenizer: Tokenizer, messages: list[dict[str, str]]) -> Example:
    """The conversation through the model's chat template, and which tokens to learn.

    An assistant turn spans from the end of the prompt that asks for it (the template with
    add_generation_prompt) to the end of the conversation rendered through that turn: its
    text and whatever the template closes it with (ChatML's <|im_end|>), so the model learns
    to stop."""
    text = tokenizer.render_chat(messages, add_generation_prompt=False)
    spans: dict[str, list[tuple[int, int]]] = {"assistant": [], "user": []}
    for i, m in enumerate(messages):
        if m["role"] == "assistant":
            start = len(tokenizer.render_chat(messages[:i], add_generation_prompt=True))
        elif m["role"] == "user":  # the whole turn as rendered, its content inside
            start = len(tokenizer.render_chat(messages[:i], add_generation_prompt=False))
        else:
            continue
        end = len(tokenizer.render_chat(messages[: i + 1], add_generation_prompt=False))
        spans[m["role"]].append((start, end))
    encoding = tokenizer.backend.encode(text, add_special_tokens=False)
    starts = [first for first, _ in encoding.offsets]
    learn = [any(s <= first < e for s, e in spans["assistant"]) for first in starts]
    asks = [any(s <= first < e for s, e in spans["user"]) for first in starts]
    return Example(list(encoding.ids), learn, asks)
