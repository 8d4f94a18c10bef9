"""`gptship eval`: an assistant asked a JSONL of questions over its OpenAI API, and scored.

Each line is one question, with what a right answer does:

    {"question": "How long do I have to return an item?", "key_fact": "30 days",
     "sources": ["support-kb.md"]}                      # states it, citing one of these
    {"question": "What's the capital of Peru?", "refuse": true}   # hands off
    {"question": "How many days of leave do staff get?", "refuse": true, "leak": "25 days"}

- key facts: the share of key-fact questions whose answer states the fact;
- citations: of those answered (not handed off), the share whose citations include a passage
  that states the fact, from an allowed source;
- refusals: the share of `refuse` questions answered with the hand-off;
- leaks: answers that cite a document outside every item's `sources`, or state a `leak` fact;
- latency: p50 and p95 of whole requests, at the given concurrency.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from gptship.assistants.facts import key_fact_found
from gptship.errors import GptshipError

HANDOFF = "I don't know"  # how a hand-off starts (the grounded prompt's answer policy)


@dataclass(frozen=True)
class Item:
    question: str
    key_fact: str | None = None
    refuse: bool = False
    sources: tuple[str, ...] = ()
    leak: str | None = None


@dataclass(frozen=True)
class Answer:
    item: Item
    text: str
    cited: tuple[dict[str, Any], ...]
    seconds: float

    @property
    def handed_off(self) -> bool:
        return self.text.strip().casefold().startswith(HANDOFF.casefold())


def read_items(path: Path) -> list[Item]:
    """The questions of a JSONL file; an error names the line and the field."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GptshipError(f"{path}: cannot read the questions ({e.strerror})") from None
    items = [_item(line, f"{path}:{n}") for n, line in enumerate(lines, 1) if line.strip()]
    if not items:
        raise GptshipError(f"{path}: no questions; write one JSON object per line")
    return items


def _item(line: str, where: str) -> Item:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as e:
        raise GptshipError(f"{where}: not valid JSON ({e.msg})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("question"), str):
        raise GptshipError(f'{where}: expected {{"question": "...", "key_fact" or "refuse"}}')
    key, refuse = raw.get("key_fact"), raw.get("refuse", False)
    if (key is None) == (refuse is not True):
        raise GptshipError(f'{where}: give a key_fact (a string) or "refuse": true, not both')
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise GptshipError(f"{where}: sources must be a list of document names")
    leak = raw.get("leak")
    return Item(raw["question"], str(key) if key is not None else None, refuse is True,
                tuple(sources), str(leak) if leak is not None else None)  # fmt: skip


@dataclass
class Report:
    model: str
    questions: int
    key_facts: float | None  # None: no key-fact questions
    citations: float | None
    refusals: float | None
    leaks: int
    p50_ms: float
    p95_ms: float
    misses: list[dict[str, Any]] = field(default_factory=list)  # what went wrong, per answer

    def json(self) -> dict[str, Any]:
        return asdict(self)


def ask_all(
    base_url: str, model: str, api_key: str | None, items: Sequence[Item], concurrency: int,
    progress: Callable[[], None] = lambda: None,
) -> list[Answer]:  # fmt: skip
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    with httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=120) as client:

        def ask(item: Item) -> Answer:
            body = {"model": model, "messages": [{"role": "user", "content": item.question}]}
            start = time.perf_counter()
            r = client.post("/chat/completions", json=body)
            seconds = time.perf_counter() - start
            if r.status_code != 200:
                raise GptshipError(f"{base_url}: HTTP {r.status_code} for {model}: {r.text[:300]}")
            message = r.json()["choices"][0]["message"]
            progress()
            return Answer(
                item, message.get("content") or "", tuple(message.get("citations") or ()), seconds
            )

        with ThreadPoolExecutor(concurrency) as pool:
            return list(pool.map(ask, items))


def score(model: str, answers: Sequence[Answer]) -> Report:
    allowed = {s for a in answers for s in a.item.sources}
    facts = [a for a in answers if a.item.key_fact is not None]
    stated = [a for a in facts if key_fact_found(a.text, a.item.key_fact or "")]
    answered = [a for a in facts if not a.handed_off]
    cited = [a for a in answered if _cites_fact(a)]
    refusing = [a for a in answers if a.item.refuse]
    refused = [a for a in refusing if a.handed_off]
    leaked = [a for a in answers if _leaks(a, allowed)]
    misses = [
        {
            "question": a.item.question,
            "answer": a.text,
            "wanted": a.item.key_fact or "hand-off",
            "problem": problem,
        }
        for a in answers
        if (problem := _problem(a, allowed)) is not None
    ]
    ms = sorted(a.seconds * 1000 for a in answers)
    return Report(
        model=model,
        questions=len(answers),
        key_facts=len(stated) / len(facts) if facts else None,
        citations=len(cited) / len(answered) if answered else None,
        refusals=len(refused) / len(refusing) if refusing else None,
        leaks=len(leaked),
        p50_ms=statistics.median(ms),
        p95_ms=ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
        misses=misses,
    )


def _cites_fact(a: Answer) -> bool:
    key, sources = a.item.key_fact or "", a.item.sources
    return any(
        key_fact_found(str(c.get("snippet", "")), key)
        and (not sources or c.get("document") in sources)
        for c in a.cited
    )


def _leaks(a: Answer, allowed: set[str]) -> bool:
    outside = bool(allowed) and any(c.get("document") not in allowed for c in a.cited)
    return outside or (a.item.leak is not None and key_fact_found(a.text, a.item.leak))


def _problem(a: Answer, allowed: set[str]) -> str | None:
    if _leaks(a, allowed):
        return "leak"
    if a.item.refuse:
        return None if a.handed_off else "answered instead of handing off"
    if not key_fact_found(a.text, a.item.key_fact or ""):
        return "handed off" if a.handed_off else "key fact missing"
    return None if _cites_fact(a) else "no citation of a passage with the fact"
