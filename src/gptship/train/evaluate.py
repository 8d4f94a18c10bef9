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

from gptship.sampling import SamplingParams
from gptship.train.corpus import key_fact_found
from gptship.train.data import json_line


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
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json_line(path, i, line) for i, line in enumerate(lines, 1) if line.strip()]


def evaluate(
    model_dir: Path, heldout: Path, max_tokens: int = 64, temperature: float = 0.0, seed: int = 0
) -> Report:
    from gptship.llm import LLM

    items = read_heldout(heldout)
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
    report = evaluate(args.model_dir, args.heldout, temperature=args.temperature, seed=args.seed)
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
