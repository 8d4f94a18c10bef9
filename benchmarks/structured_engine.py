"""`python -m benchmarks.structured_engine [MODEL_DIR]`: gptship's constrained decoding, as
its engine runs it (benchmarks.structured compares the grammar libraries themselves).

Three tables, on the model's own tokenizer and vocabulary:

1. compile: the cold compile time of specs from small to large (median of 3, cache
   cleared), and the time of a fresh matcher's first and second mask (llguidance builds
   its lexer lazily, so part of a compile's cost lands on the first mask);
2. apply: putting a step's bitmasks into the logits of half a batch's rows, as the engine
   does (a gather of 0 / -inf per bitmask byte, added with index_add_), against unpacking
   the bits with shifts and a masked_fill (median of 300);
3. batch: one batch of `--batch` decode streams at a time (the same prompt, a seed each,
   `--tokens` new tokens, ignore_eos), with 0, 1/4, 1/2 and all of them under a JSON schema
   whose one required string is longer than any stream (checked: every stream ends on its
   length, or the batch would shrink as they finish and look faster). The median steady
   decode step, and the time the masks took in it. Configurations take turns, `--reps`
   times, so that drift in the machine's speed falls on all alike; medians over the reps.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial

import torch

import gptship.engine.engine as engine_module
from gptship.bench.limits import cpu_model
from gptship.engine.structured import GrammarMatcher, apply_grammar_masks, bitmask_bias
from gptship.llm import LLM
from gptship.sampling import SamplingParams, StructuredOutput

LONG_STRING = {
    "type": "object",
    "properties": {"text": {"type": "string", "minLength": 4000}},
    "required": ["text"],
}
ORDER = {  # 40 properties of three types, half of them required
    "type": "object",
    "properties": {
        f"field_{i}": {"type": ["string", "integer", "boolean"][i % 3]} for i in range(40)
    },
    "required": [f"field_{i}" for i in range(0, 40, 2)],
}
ITEMS = [f"item-{i}" for i in range(20_000)]
SPECS = {
    "`json_object`": StructuredOutput("json_object"),
    "an order schema, 40 properties of three types, 20 required": StructuredOutput(
        "json_schema", json.dumps(ORDER)
    ),
    "an object of 3,000 integer properties": StructuredOutput(
        "json_schema",
        json.dumps(
            {"type": "object", "properties": {f"p{i}": {"type": "integer"} for i in range(3000)}}
        ),
    ),
    "an `enum` of 20,000 strings": StructuredOutput("json_schema", json.dumps({"enum": ITEMS})),
    "`guided_choice` of 20,000 strings": StructuredOutput("choice", json.dumps(ITEMS)),
    "`guided_regex` `[A-Z]{2}-\\d{3}( \\(urgent\\))?`": StructuredOutput(
        "regex", r"[A-Z]{2}-\d{3}( \(urgent\))?"
    ),
    "`guided_regex` `[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,10}`": StructuredOutput(
        "regex", r"[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,10}"
    ),
    "a string with `maxLength` 2000": StructuredOutput(
        "json_schema", json.dumps({"type": "string", "maxLength": 2000})
    ),
}


def median_us(f: Callable[[], object], n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def compile_table(llm: LLM) -> list[str]:
    grammars = llm.engine._grammar_compiler("response_format")
    rows = ["| spec | compile ms | first mask ms | next mask ms |", "|---|---|---|---|"]
    for name, spec in SPECS.items():
        times = []
        for _ in range(3):
            grammars._recent.clear()
            start = time.perf_counter()
            grammar = grammars.compile(spec)
            times.append(time.perf_counter() - start)
        matcher = grammars.matcher(grammar)._matcher
        first = median_us(matcher.compute_bitmask, 1)
        after = median_us(matcher.compute_bitmask, 1)
        ms = statistics.median(times) * 1e3
        rows.append(f"| {name} | {ms:.1f} | {first / 1e3:.2f} | {after / 1e3:.3f} |")
    return rows


def gather_add(logits: torch.Tensor, index: torch.Tensor, bitmask: torch.Tensor) -> None:
    with torch.inference_mode():
        logits.index_add_(0, index, bitmask_bias(bitmask, logits))


def unpack_fill(logits: torch.Tensor, index: torch.Tensor, bitmask: torch.Tensor) -> None:
    bits = (bitmask.unsqueeze(-1) >> torch.arange(32, dtype=torch.int32)) & 1
    allowed = bits.bool().flatten(1)[:, : logits.shape[1]]
    logits[index] = logits[index].masked_fill(~allowed, float("-inf"))


APPLIES = (gather_add, unpack_fill)


def apply_table(vocabs: list[int]) -> list[str]:
    rows = [
        "| vocabulary | rows constrained, of 2x | gather-and-add µs | shifts + masked_fill µs |",
        "|---|---|---|---|",
    ]
    for vocab in vocabs:
        for n in (1, 8, 32):
            logits = torch.randn(2 * n, vocab)
            bitmask = torch.randint(-(2**31), 2**31 - 1, (n, (vocab + 31) // 32), dtype=torch.int32)
            index = torch.arange(0, 2 * n, 2)
            g, u = (median_us(partial(f, logits, index, bitmask), 300) for f in APPLIES)
            rows.append(f"| {vocab:,} | {n} | {g:.0f} | {u:.0f} |")
    return rows


def decode_steps(llm: LLM, plain: int, constrained: int, tokens: int, tag: str) -> list[float]:
    """Seconds of each steady engine step of one batch, run to its end."""
    engine, ids = llm.engine, llm.tokenizer.encode("How do I return an order?")
    for i in range(plain + constrained):
        spec = StructuredOutput("json_schema", json.dumps(LONG_STRING)) if i >= plain else None
        params = SamplingParams(
            temperature=1.0, seed=i, max_tokens=tokens, ignore_eos=True, structured=spec
        )
        engine.validate(ids, params)
        engine.add_request(f"{tag}-{i}", ids, params)
    times, ends = [], []
    while engine.has_unfinished():
        start = time.perf_counter()
        outputs = engine.step()
        times.append(time.perf_counter() - start)
        ends += [o.finish_reason for out in outputs for o in out.outputs if o.finish_reason]
    assert ends == ["length"] * (plain + constrained), ends
    return times[5:-5]


def batch_table(llm: LLM, batch: int, tokens: int, reps: int) -> list[str]:
    masks: list[float] = []  # seconds in apply_grammar_masks, per step that called it

    def timed(
        logits: torch.Tensor, rows: Sequence[int], matchers: Sequence[GrammarMatcher]
    ) -> None:
        start = time.perf_counter()
        apply_grammar_masks(logits, rows, matchers)
        masks.append(time.perf_counter() - start)

    engine_module.apply_grammar_masks = timed  # type: ignore[attr-defined]  # as step() calls it
    mixes = [(batch, 0), (batch - batch // 4, batch // 4), (batch - batch // 2, batch // 2)]
    mixes.append((0, batch))
    steps: dict[tuple[int, int], list[float]] = {m: [] for m in mixes}
    mask_ms: dict[tuple[int, int], list[float]] = {m: [] for m in mixes}
    decode_steps(llm, 2, 2, 16, "warm")
    for rep in range(reps):
        for plain, constrained in mixes:
            masks.clear()
            times = decode_steps(llm, plain, constrained, tokens, f"{rep}-{plain}")
            steps[(plain, constrained)].append(statistics.median(times) * 1e3)
            if masks:
                mask_ms[(plain, constrained)].append(statistics.median(masks) * 1e3)
    engine_module.apply_grammar_masks = apply_grammar_masks  # type: ignore[attr-defined]
    rows = [
        "| streams: plain + JSON schema | ms per step | vs all plain | masks ms per step |",
        "|---|---|---|---|",
    ]
    base = statistics.median(steps[mixes[0]])
    for mix in mixes:
        ms = statistics.median(steps[mix])
        grammar = f"{statistics.median(mask_ms[mix]):.2f}" if mask_ms[mix] else "-"
        rows.append(f"| {mix[0]} + {mix[1]} | {ms:.2f} | {ms / base:.3f}x | {grammar} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default="models/quillmere-assistant")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    llm = LLM(args.model)
    vocab = llm.engine.limits.vocab_size
    print(
        f"{args.model} (vocabulary {vocab:,}), {args.threads} torch threads, {cpu_model()}, "
        f"torch {torch.__version__}\n"
    )
    tables = [
        compile_table(llm),
        apply_table(sorted({vocab, 32_064})),
        batch_table(llm, args.batch, args.tokens, args.reps),
    ]
    print("\n\n".join("\n".join(t) for t in tables))


if __name__ == "__main__":
    main()
