"""`python -m gptship.bench.throughput`: gptship's decode and prefill throughput beside
transformers' `generate` and CTranslate2, on two random ~124M models, each figure also as a
fraction of the machine's limit (memory bandwidth or matmul FLOP/s). Needs the `bench` extra.
Each engine runs in its own process (`--worker`) so that its peak RSS is its own."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shlex
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path

import torch
from rich.console import Console
from rich.table import Table

from gptship.bench.baselines import (
    REFERENCE_MODELS,
    CT2Runner,
    GptshipRunner,
    ModelSize,
    Runner,
    TransformersRunner,
    build_reference,
    convert_ct2,
    model_size,
)
from gptship.bench.limits import Machine, bandwidth_bound, flop_bound, measure_machine
from gptship.config import format_bytes

MODULE = "gptship.bench.throughput"
# gptship-eager: gptship without CUDA graphs (the same as gptship on CPU)
ENGINES = ("gptship", "gptship-eager", "transformers", "ct2-float32", "ct2-int8")
LEGEND = (
    "Decode and prefill in tokens/s; in brackets, % of the bound: for 1 stream, memory "
    "bandwidth / bytes of the weights a token reads; for the others, matmul FLOP/s / "
    "(2 x the parameters a token multiplies: no embedding lookups; the LM head only in decode)."
)
# (what gptship is compared on, the other engine, streams (1: single), the project's target)
TARGET_RATIOS = [
    ("single stream vs transformers generate", "transformers", 1, 1.2),
    ("32 streams vs transformers batched generate", "transformers", 32, 4.0),
    ("32 streams vs CTranslate2 float32", "ct2-float32", 32, 1.0),
]


@dataclass(frozen=True)
class Workload:
    prompt_len: int = 128
    new_tokens: int = 128
    streams: tuple[int, ...] = (8, 32, 64)
    prefill_len: int = 1023  # the context (1024) less the token it produces
    prefill_repeats: int = 3  # the best of these is reported
    seed: int = 0  # the same prompts for every engine


QUICK = Workload(new_tokens=32, streams=(8, 32), prefill_repeats=1)


@dataclass
class Figures:
    engine: str
    model: str = ""
    single: float = 0.0  # decode tokens/s of one stream
    streams: dict[int, float] = field(default_factory=dict)  # streams -> aggregate decode tok/s
    prefill: float = 0.0  # prompt tokens/s of the long prompt
    ttft: float = 0.0  # seconds to its first token
    peak_rss: int = 0  # bytes
    peak_gpu: int = 0  # bytes the torch allocator reserved at most, on a GPU
    weight_bytes: int = 0
    kv_bytes: int = 0
    error: str = ""

    def rate(self, streams: int) -> float | None:
        return self.single if streams == 1 else self.streams.get(streams)

    @classmethod
    def from_json(cls, text: str) -> Figures:
        data = json.loads(text)
        data["streams"] = {int(k): v for k, v in data["streams"].items()}
        return cls(**data)


def make_runner(engine: str, model_dir: Path, threads: int, device: str) -> Runner:
    if engine.startswith("gptship"):
        return GptshipRunner(model_dir, device, cuda_graphs=engine == "gptship")
    if engine == "transformers":
        return TransformersRunner(model_dir, device)
    return CT2Runner(model_dir, engine.removeprefix("ct2-"), threads, device)


def measure(runner: Runner, engine: str, workload: Workload, console: Console) -> Figures:
    rng = random.Random(workload.seed)

    def prompts(n: int, length: int) -> list[list[int]]:
        return [[rng.randrange(runner.vocab_size) for _ in range(length)] for _ in range(n)]

    w, figures = workload, Figures(engine)
    # warm-up at the largest size: until glibc has freed a big buffer (and so raised its mmap
    # threshold), each big buffer is freshly mapped and page-faulted; a cold first run of
    # any engine here is up to 2x slower
    runner.decode(prompts(max(w.streams, default=1), w.prompt_len), w.new_tokens)
    figures.single = runner.decode(prompts(1, w.prompt_len), w.new_tokens)
    console.log(f"{engine}: 1 stream {figures.single:.1f} tok/s")
    for n in w.streams:
        figures.streams[n] = runner.decode(prompts(n, w.prompt_len), w.new_tokens)
        console.log(f"{engine}: {n} streams {figures.streams[n]:.1f} tok/s")
    runner.prefill(prompts(1, 64)[0])  # warm-up
    figures.ttft = min(
        runner.prefill(prompts(1, w.prefill_len)[0]) for _ in range(w.prefill_repeats)
    )
    figures.prefill = w.prefill_len / figures.ttft
    console.log(f"{engine}: prefill {figures.prefill:.1f} tok/s")
    figures.weight_bytes, figures.kv_bytes = runner.weight_bytes, runner.kv_bytes
    return figures


def run_worker(
    engine: str, model_dir: Path, workload: Workload, threads: int, device: str
) -> Figures:
    """Everything measured for one engine; call it in a fresh process for a true peak RSS."""
    torch.set_num_threads(threads)
    console = Console(stderr=True, log_path=False)
    runner = make_runner(engine, model_dir, threads, device)
    figures = measure(runner, engine, workload, console)
    figures.peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    if device.startswith("cuda"):
        figures.peak_gpu = torch.cuda.max_memory_reserved(device)
    return figures


def spawn_worker(
    engine: str, model_dir: Path, workload: Workload, threads: int, device: str
) -> Figures:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        args = ["--worker", engine, "--model-dir", str(model_dir), "--threads", str(threads)]
        args += ["--device", device]
        args += ["--workload", json.dumps(asdict(workload)), "--out", str(out)]
        proc = subprocess.run([sys.executable, "-m", MODULE, *args], check=False)
        if out.is_file():
            return Figures.from_json(out.read_text())
        return Figures(engine, error=f"worker exited with status {proc.returncode}")


def prepare(model: str, workdir: Path, engines: list[str], console: Console) -> Path:
    """Build (once, cached in `workdir`) the HF model and the CTranslate2 conversions."""
    hf_dir = workdir / model
    _cached(hf_dir, partial(build_reference, model), console)
    for engine in engines:
        if engine.startswith("ct2-"):
            convert = partial(convert_ct2, hf_dir, quantization=engine.removeprefix("ct2-"))
            _cached(_engine_dir(hf_dir, engine), convert, console)
    return hf_dir


def _cached(path: Path, build: Callable[[Path], None], console: Console) -> None:
    if path.is_dir():
        return
    console.log(f"building {path}")
    tmp = path.with_name(path.name + ".tmp")
    build(tmp)
    tmp.rename(path)  # only a finished build gets the real name


def _engine_dir(hf_dir: Path, engine: str) -> Path:
    return hf_dir.with_name(f"{hf_dir.name}-{engine}") if engine.startswith("ct2-") else hf_dir


def table(
    figures: list[Figures], sizes: dict[str, ModelSize], machine: Machine, streams: tuple[int, ...]
) -> list[list[str]]:
    """Header row, then one row per engine and model."""
    header = ["engine", "model", "1 stream", *(f"{n} streams" for n in streams)]
    header += ["prefill", "TTFT s", "peak RSS", "weights + KV"]
    rows = [header]
    for f in figures:
        if f.error:
            rows.append([f.engine, f.model, f"failed: {f.error}"] + [""] * (len(header) - 3))
            continue
        size = sizes[f.model]
        read = f.weight_bytes * size.decode // size.parameters  # this engine's bytes/weight
        row = [f.engine, f.model, _cell(f.single, bandwidth_bound(machine, read))]
        row += [_cell(f.streams[n], flop_bound(machine, size.decode)) for n in streams]
        row += [_cell(f.prefill, flop_bound(machine, size.prefill)), f"{f.ttft:.2f}"]
        row.append(
            format_bytes(f.peak_rss) + (f" (GPU {format_bytes(f.peak_gpu)})" if f.peak_gpu else "")
        )
        kv = f" + {format_bytes(f.kv_bytes)}" if f.kv_bytes else ""
        rows.append([*row, format_bytes(f.weight_bytes) + kv])
    return rows


def _cell(rate: float, bound: float) -> str:
    return f"{rate:,.1f} ({100 * rate / bound:.0f}%)"


def ratios(figures: list[Figures]) -> list[str]:
    """gptship against the other engines, on the comparisons the project sets targets for."""
    by = {(f.engine, f.model): f for f in figures if not f.error}
    lines = []
    for model in dict.fromkeys(f.model for f in figures):
        ours = by.get(("gptship", model))
        for label, engine, streams, target in TARGET_RATIOS:
            theirs = by.get((engine, model))
            a = ours.rate(streams) if ours else None
            b = theirs.rate(streams) if theirs else None
            if a and b:
                lines.append(f"{model}: gptship {label}: {a / b:.2f}x (target >= {target}x)")
    return lines


def markdown(
    rows: list[list[str]], machine: Machine, ratio_lines: list[str], seconds: float
) -> str:
    command = shlex.join(["python", "-m", MODULE, *sys.argv[1:]])
    lines = [f"### {machine.date}", "", f"Machine: {machine.line()}; {_versions()}", ""]
    lines += [f"Command: `{command}` ({seconds / 60:.1f} min)", ""]
    lines += [LEGEND, "", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join([*lines, "", *(f"- {line}" for line in ratio_lines), "", ""])


def _versions() -> str:
    names = ("transformers", "ctranslate2")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} not installed")
    return ", ".join(found)


def print_report(console: Console, rows: list[list[str]], ratio_lines: list[str]) -> None:
    rich_table = Table(*rows[0], title="gptship throughput", caption=LEGEND)
    for row in rows[1:]:
        rich_table.add_row(*row)
    console.print(rich_table)
    for line in ratio_lines:
        console.print(line)


def run(args: argparse.Namespace) -> None:
    console, start = Console(log_path=False), time.perf_counter()
    # transformers' progress bars and warnings, here and in the workers, would bury ours
    os.environ.update(HF_HUB_DISABLE_PROGRESS_BARS="1", TRANSFORMERS_VERBOSITY="error")
    workload = QUICK if args.quick else Workload()
    machine = measure_machine(args.threads, args.device)
    console.log(f"machine: {machine.line()}")
    figures, sizes = [], {}
    for model in args.models:
        hf_dir = prepare(model, args.workdir, args.engines, console)
        sizes[model] = model_size(hf_dir)
        for engine in args.engines:
            console.log(f"[bold]{model} / {engine}")
            model_dir = _engine_dir(hf_dir, engine)
            f = spawn_worker(engine, model_dir, workload, args.threads, args.device)
            f.model = model
            figures.append(f)
    rows, ratio_lines = table(figures, sizes, machine, workload.streams), ratios(figures)
    print_report(console, rows, ratio_lines)
    seconds = time.perf_counter() - start
    console.print(f"{machine.line()}\ntotal {seconds / 60:.1f} min")
    if args.markdown:
        with args.markdown.open("a") as f:
            f.write(markdown(rows, machine, ratio_lines, seconds))


def worker(args: argparse.Namespace) -> int:
    data = json.loads(args.workload)
    workload = Workload(**{**data, "streams": tuple(data["streams"])})
    try:
        figures = run_worker(args.worker, args.model_dir, workload, args.threads, args.device)
    except Exception as e:  # reported in the table as this engine's failure
        traceback.print_exc()
        figures = Figures(args.worker, error=f"{type(e).__name__}: {e}")
    args.out.write_text(json.dumps(asdict(figures)))
    return 1 if figures.error else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__)
    p.add_argument("--quick", action="store_true", help="32 new tokens, 8 and 32 streams")
    p.add_argument(
        "--workdir",
        type=Path,
        default=Path.home() / ".cache/gptship/bench",
        help="where the models are built, once",
    )
    p.add_argument("--markdown", type=Path, help="append the results to this Markdown file")
    p.add_argument(
        "--models", nargs="+", choices=list(REFERENCE_MODELS), default=list(REFERENCE_MODELS)
    )
    p.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    p.add_argument("--threads", type=int, default=torch.get_num_threads(), help="for every engine")
    p.add_argument("--device", default="cpu", help="cpu or cuda: where every engine runs")
    # how the parent starts a worker: one engine, one model directory, figures to --out
    p.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    p.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--workload", help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
