"""`python -m benchmarks.structured`: the grammar libraries for response_format, compared.

Each library that is installed (xgrammar, outlines-core, lm-format-enforcer, llguidance) runs
in a fresh process of its own, on the same byte-level BPE vocabulary (by default ~32k tokens,
trained here in seconds on generated text; --tokenizer takes a model's) padded to a multiple of
64 as a model's embedding is. For `json_object` and for a nested schema (objects, arrays, enums,
required fields) it measures: tokenizer setup (once per engine), grammar compile time
(cold), the mask cost per decode step (allowed-token mask, applied to a logits row, plus
advancing the state), memory growth, and correctness: random walks through the masks, where
every token is drawn from those allowed, must only ever be allowed to stop on complete JSON
that validates. The install footprint (packages that gptship's own dependencies lack) is
read from the environment's metadata.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import tokenizers
import torch
from packaging.requirements import Requirement

from benchmarks.grammar_libraries import ADAPTERS, ANY_OBJECT, Library, Matcher
from gptship.model.tokenizer import Tokenizer

MODULE = "benchmarks.structured"
LIBRARIES = ("xgrammar", "outlines-core", "lm-format-enforcer", "llguidance")
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 20},
        "age": {"type": "integer"},
        "role": {"enum": ["admin", "user", "guest"]},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 4},
        "address": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "zip": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "scores": {"type": "array", "items": {"type": "number"}},
        "active": {"type": "boolean"},
    },
    "required": ["name", "age", "role", "tags", "address"],
    "additionalProperties": False,
}
CASES = {"json_object": ANY_OBJECT, "schema": SCHEMA}
# Walks draw among the allowed tokens that can close a string, an object or an array, then
# among those of only JSON's punctuation and digits, then among all: so that most walks end.
_PUNCTUATION = set(b'{}[]",:-.0123456789 ')


_BOUNDS = [  # keyword; +1 for a maximum, -1 for a minimum
    (end + what, 1 if end == "max" else -1)
    for end in ("min", "max")
    for what in ("imum", "Length", "Items")
]


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Errors of `value` under the JSON Schema subset used here (type, enum, const, properties,
    required, additionalProperties, items, min/max, min/maxLength, min/maxItems); [] when it
    is valid."""
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    kind, errors = schema.get("type"), []
    if kind in ("integer", "number"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or (kind == "integer" and not isinstance(value, int)):
            return [f"{path}: not an {kind}"]
    elif kind is not None and not isinstance(value, kinds[kind]):
        return [f"{path}: not a {kind}"]
    if not any(_same(value, v) for v in schema.get("enum", [value])):
        errors.append(f"{path}: {value!r} is not one of the enum")
    if "const" in schema and not _same(value, schema["const"]):
        errors.append(f"{path}: {value!r} is not the const")
    size = len(value) if isinstance(value, str | list) else value
    for key, sign in _BOUNDS:
        if key in schema and isinstance(size, int | float) and (size - schema[key]) * sign > 0:
            errors.append(f"{path}: {key} {schema[key]} exceeded")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{path}: {k} is missing" for k in schema.get("required", ()) if k not in value]
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], f"{path}.{key}")
            elif schema.get("additionalProperties", True) is False:
                errors.append(f"{path}: {key} is not allowed")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], f"{path}[{i}]")
    return errors


def _same(a: Any, b: Any) -> bool:
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


def generated_text(lines: int, seed: int = 0) -> Iterator[str]:
    """Prose, JSON, code and a little non-ASCII from ~50k made-up words (Zipf-distributed)."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ou")]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(60_000)})
    rng.shuffle(words)
    cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))

    def pick(k: int) -> list[str]:
        return rng.choices(words, cum_weights=cum, k=k)

    for i in range(lines):
        if i % 4 == 0:
            yield " ".join(pick(rng.randint(5, 20))).capitalize() + rng.choice(".?!,")
        elif i % 4 == 1:
            values = [rng.randint(-999, 99_999), " ".join(pick(3)), True, None, [1, 2], {"id": 7}]
            obj = {w: rng.choice(values) for w in pick(rng.randint(1, 5))}
            yield json.dumps(obj, indent=rng.choice([None, 2]), ensure_ascii=rng.random() < 0.5)
        elif i % 4 == 2:
            a, b = pick(2)
            yield f"def {a}_{b}(x, y=None):\n    return self.{a}[{i % 10}] + {b}(y)  # {i}"
        else:
            yield " ".join(pick(4)) + " " + rng.choice(["café", "東京", "😀", "Straße", "€12,50"])


def train_tokenizer(vocab_size: int, lines: int = 40_000) -> tokenizers.Tokenizer:
    """A GPT-2 style byte-level BPE with <|bos|> = 0 and <|eos|> = 1."""
    from tokenizers import decoders, models, pre_tokenizers, trainers

    backend = tokenizers.Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=["<|bos|>", "<|eos|>", "<|im_start|>", "<|im_end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    backend.train_from_iterator(generated_text(lines), trainer)
    return backend


def load_tokenizer(path: Path) -> Tokenizer:
    if path.is_dir():
        return Tokenizer.from_dir(path)
    backend = tokenizers.Tokenizer.from_file(str(path))
    eos = backend.token_to_id("<|eos|>")
    if eos is None:
        raise SystemExit(f"{path}: no <|eos|> token; give the model directory instead")
    return Tokenizer(
        backend,
        special_tokens={},
        bos_token_id=None,
        eos_ids=[eos],
        template=None,
        template_source="bench",
    )


@dataclass
class Walks:
    valid: int = 0  # stopped on complete JSON that validates
    invalid: int = 0  # stopped (or was allowed to) on text that does not parse or validate
    dead_ends: int = 0  # no token allowed at all
    unfinished: int = 0  # still going after --max-tokens
    examples: list[str] = field(default_factory=list)


@dataclass
class Figures:
    library: str
    version: str = ""
    setup_s: float = 0.0  # tokenizer preprocessing, once per engine
    compile_ms: dict[str, float] = field(default_factory=dict)  # median of 3 cold compiles
    grammar_us: dict[str, list[float]] = field(default_factory=dict)  # mask + advance: mean, p99
    apply_us: float = 0.0  # the mask into a logits row, mean
    rss_mb: float = 0.0  # growth: setup, compiles and walks
    walks: dict[str, Walks] = field(default_factory=dict)
    error: str = ""


def measure(library: str, tok: Tokenizer, vocab: int, walks: int, max_tokens: int) -> Figures:
    figures = Figures(library, metadata.version(library))
    walker = _Walker(tok, vocab, max_tokens)
    rss = _rss_mb()
    start = time.perf_counter()
    lib = ADAPTERS[library](tok, vocab)
    figures.setup_s = time.perf_counter() - start
    for case, schema in CASES.items():
        times = []
        for _ in range(3):
            fresh = ADAPTERS[library](tok, vocab)  # caches are per compiler: compile cold
            start = time.perf_counter()
            fresh.compile(schema)
            times.append(time.perf_counter() - start)
        figures.compile_ms[case] = statistics.median(times) * 1e3
        grammar, walker.grammar_s = lib.compile(schema), []
        counts = figures.walks[case] = Walks()
        for seed in range(walks):
            walker.walk(lib, lib.matcher(grammar), schema, seed, counts)
        steps = sorted(walker.grammar_s)
        p99 = steps[min(len(steps) - 1, int(len(steps) * 0.99))]
        figures.grammar_us[case] = [statistics.fmean(steps) * 1e6, p99 * 1e6]
    figures.apply_us = statistics.fmean(walker.apply_s) * 1e6
    figures.rss_mb = _rss_mb() - rss
    return figures


class _Walker:
    """Draws tokens among those allowed; each time a stop is allowed, checks the text."""

    def __init__(self, tok: Tokenizer, vocab: int, max_tokens: int) -> None:
        from gptship.engine.structured import token_bytes

        pieces = token_bytes(tok)
        self.pieces = pieces + [b""] * (vocab - len(pieces))
        self.stops = sorted(tok.stop_token_ids)
        self.vocab, self.max_tokens = vocab, max_tokens
        self.subsets = [  # [V] bool each, with the odds of drawing from it
            (0.4, torch.tensor([any(c in p for c in b'"}],') for p in self.pieces])),
            (0.2, torch.tensor([bool(p) and set(p) <= _PUNCTUATION for p in self.pieces])),
            (1.0, torch.ones(vocab, dtype=torch.bool)),
        ]
        self.grammar_s: list[float] = []
        self.apply_s: list[float] = []

    def walk(
        self, lib: Library, m: Matcher, schema: dict[str, Any], seed: int, counts: Walks
    ) -> None:
        rng, text = random.Random(seed), b""
        for _ in range(self.max_tokens):
            bits = torch.zeros(1, (self.vocab + 31) // 32, dtype=torch.int32)
            logits = torch.zeros(1, self.vocab)
            start = time.perf_counter()
            m.fill(bits)
            filled = time.perf_counter()
            lib.apply(logits, bits)
            self.apply_s.append(time.perf_counter() - filled)
            allowed = torch.isfinite(logits[0])  # [V] bool
            if allowed[self.stops].any():
                errors = _errors(text, schema)
                allowed[self.stops] = False
                if errors or rng.random() < 0.5 or not allowed.any():
                    counts.valid += not errors
                    counts.invalid += bool(errors)
                    if errors and len(counts.examples) < 3:
                        counts.examples.append(f"{text[:200]!r}: {errors[0]}")
                    self.grammar_s.append(filled - start)
                    return
            if not allowed.any():
                counts.dead_ends += 1
                return
            token = self._draw(rng, allowed)
            text += self.pieces[token]
            accepting = time.perf_counter()
            m.accept(token)
            self.grammar_s.append(filled - start + time.perf_counter() - accepting)
        counts.unfinished += 1

    def _draw(self, rng: random.Random, allowed: torch.Tensor) -> int:
        draw = rng.random()
        for odds, subset in self.subsets:
            ids = (allowed & subset).nonzero()[:, 0]
            if draw < odds and len(ids):
                return int(ids[rng.randrange(len(ids))])
            draw -= odds
        raise AssertionError("the last subset is every token")


def _errors(text: bytes, schema: dict[str, Any]) -> list[str]:
    try:
        return validate(json.loads(text.decode()), schema)
    except ValueError as e:  # UnicodeDecodeError and JSONDecodeError
        return [f"not JSON: {e}"]


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def footprint(library: str) -> tuple[float, list[str]]:
    """MB on disk and the packages installing `library` adds to gptship's own dependencies."""
    added = sorted(_closure(library) - _closure("gptship"))
    files = [Path(f.locate()) for name in added for f in metadata.distribution(name).files or []]
    size = sum(p.stat().st_size for p in files if p.is_file())
    return size / 1e6, [f"{name} {metadata.version(name)}" for name in added]


def _closure(name: str) -> set[str]:
    """`name` and what it requires, recursively, on this platform and without extras."""
    seen, todo = set(), [Requirement(name)]
    while todo:
        r = todo.pop()
        n = re.sub(r"[-_.]+", "-", r.name).lower()
        if n in seen or (r.marker is not None and not r.marker.evaluate({"extra": ""})):
            continue
        try:
            todo += map(Requirement, metadata.distribution(n).requires or [])
        except metadata.PackageNotFoundError:
            continue
        seen.add(n)
    return seen


def table(figures: list[Figures]) -> str:
    head = (
        "| library | setup s | case | compile ms | grammar µs/token mean / p99 | apply µs "
        "| valid / invalid / dead end / unfinished | RSS MB | adds to install |"
    )
    rows = [head, "|" + "---|" * 9]
    for f in figures:
        if f.error:
            rows.append(f"| {f.library} | failed: {f.error} |" + " |" * 7)
            continue
        mb, added = footprint(f.library)
        for i, case in enumerate(CASES):
            w, (mean, p99) = f.walks[case], f.grammar_us[case]
            lead = [f"{f.library} {f.version}", f"{f.setup_s:.2f}"] if i == 0 else ["", ""]
            tail = [f"{f.rss_mb:.0f}", f"{mb:,.0f} MB: {', '.join(added)}"] if i == 0 else ["", ""]
            counts = f"{w.valid} / {w.invalid} / {w.dead_ends} / {w.unfinished}"
            apply = f"{f.apply_us:.0f}" if i == 0 else ""
            cells = [*lead, case, f"{f.compile_ms[case]:.1f}", f"{mean:.0f} / {p99:.0f}", apply]
            cells.append(counts)
            rows.append("| " + " | ".join(cells + tail) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__)
    p.add_argument("--tokenizer", type=Path, help="a model directory or a tokenizer.json")
    p.add_argument("--vocab-size", type=int, default=32_000, help="of the tokenizer trained")
    p.add_argument("--walks", type=int, default=30, help="random walks per case")
    p.add_argument("--max-tokens", type=int, default=300, help="per walk")
    p.add_argument("--libraries", nargs="+", choices=LIBRARIES, default=list(LIBRARIES))
    p.add_argument("--worker", choices=LIBRARIES, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    if args.worker:
        tok = load_tokenizer(args.tokenizer)
        vocab = -(-tok.vocab_size // 64) * 64
        args.out.write_text(
            json.dumps(asdict(measure(args.worker, tok, vocab, args.walks, args.max_tokens)))
        )
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.tokenizer is None:
            start = time.perf_counter()
            args.tokenizer = Path(tmp) / "tokenizer.json"
            train_tokenizer(args.vocab_size).save(str(args.tokenizer))
            print(f"trained a {args.vocab_size}-token BPE in {time.perf_counter() - start:.1f} s")
        figures = [_spawn(lib, args, Path(tmp)) for lib in args.libraries if _installed(lib)]
    print(table(figures))
    for f in figures:
        for case, w in f.walks.items():
            for example in w.examples:
                print(f"{f.library} {case} invalid: {example}")
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    print(f"{date}; torch threads 1; python -m {MODULE} {' '.join(argv or sys.argv[1:])}")
    return 0


def _installed(library: str) -> bool:
    try:
        metadata.version(library)
        return True
    except metadata.PackageNotFoundError:
        print(f"{library}: not installed, skipped")
        return False


def _spawn(library: str, args: argparse.Namespace, tmp: Path) -> Figures:
    out = tmp / f"{library}.json"
    command = [sys.executable, "-m", MODULE, "--worker", library, "--out", str(out)]
    command += ["--tokenizer", str(args.tokenizer), "--walks", str(args.walks)]
    command += ["--max-tokens", str(args.max_tokens)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        return Figures(library, error=lines[-1])
    data = json.loads(out.read_text())
    data["walks"] = {case: Walks(**w) for case, w in data["walks"].items()}
    return Figures(**data)


if __name__ == "__main__":
    sys.exit(main())
