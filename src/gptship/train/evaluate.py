"""How well a model answers the held-out questions: greedy answers (or sampled, with
--temperature), scored by whether each contains its key fact.
`python -m gptship.train.evaluate MODEL_DIR HELDOUT.jsonl`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gptship.assistants.facts import key_fact_found
from gptship.errors import GptshipError
from gptship.sampling import SamplingParams
from gptship.train.data import json_lines


@dataclass(frozen=True)
class Answer:
    question: str
    key_fact: str
    answer: str
    found: bool


@dataclass(frozen=True)
class Report:
    answers: list[Answer]

    @property
    def score(self) -> float:
        return sum(a.found for a in self.answers) / len(self.answers)

    def summary(self) -> str:
        found = sum(a.found for a in self.answers)
        return f"{found} of {len(self.answers)} answers contain their key fact ({self.score:.1%})"


def read_heldout(path: Path) -> list[dict[str, Any]]:
    """The held-out questions: JSON lines of {"messages": [...], "key_fact": "..."}, the
    last message the expected answer (gptship.train.corpus writes heldout.jsonl so)."""
    items = []
    for number, item in json_lines(path, "held-out file"):
        messages = item.get("messages") if isinstance(item, dict) else None
        if not isinstance(messages, list) or not messages or not isinstance(messages[-1], dict):
            raise GptshipError(f'{path}:{number}: expected {{"messages": [...], "key_fact": ...}}')
        if not isinstance(item.get("key_fact"), str):
            raise GptshipError(
                f"{path}:{number}: no key_fact (the text a right answer contains); "
                "held-out files are written by python -m gptship.train.corpus"
            )
        items.append(item)
    if not items:
        raise GptshipError(f"{path}: no questions in it")
    return items


def evaluate(
    model_dir: Path, heldout: Path, temperature: float = 0.0, seed: int = 0, max_tokens: int = 64
) -> Report:
    from gptship.llm import LLM

    items = read_heldout(heldout)  # before the model is loaded
    llm = LLM(model_dir, kv_cache_memory="256MiB", max_num_seqs=64)
    prompts = [llm.tokenizer.encode_chat(item["messages"]) for item in items]
    outputs = llm.generate(
        prompts, SamplingParams(temperature=temperature, max_tokens=max_tokens, seed=seed)
    )
    answers = []
    for item, out in zip(items, outputs, strict=True):
        text = out.outputs[0].text.strip()
        key = item["key_fact"]
        answers.append(
            Answer(item["messages"][-1]["content"], key, text, key_fact_found(text, key))
        )
    return Report(answers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gptship.train.evaluate", description=__doc__)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("heldout", type=Path)
    parser.add_argument("--misses", action="store_true", help="print the answers that miss")
    parser.add_argument("--json", type=Path, help="write every answer to this file")
    parser.add_argument("--temperature", type=float, default=0.0, help="0 (default): greedy")
    parser.add_argument("--seed", type=int, default=0, help="with a temperature: the draw")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.model_dir, args.heldout, args.temperature, args.seed)
    except GptshipError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.misses:
        for a in report.answers:
            if not a.found:
                print(f"- {a.question}\n  wanted {a.key_fact!r}, got: {a.answer}")
    if args.json:
        args.json.write_text(json.dumps([a.__dict__ for a in report.answers], indent=1) + "\n")
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
