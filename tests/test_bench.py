"""Smoke test of `python -m gptship.bench.throughput`: its worker and report on a tiny model,
so the benchmark keeps up with the engine. The figures themselves mean nothing here."""

from __future__ import annotations

from pathlib import Path

import torch

from gptship.bench.baselines import model_size
from gptship.bench.limits import Machine
from gptship.bench.throughput import Workload, markdown, ratios, run_worker, table
from tests.tiny import save_model

TINY = Workload(prompt_len=8, new_tokens=4, streams=(2,), prefill_len=32, prefill_repeats=1)
MACHINE = Machine("test CPU", 1, 1, bandwidth=1e10, flops=1e11, torch_version="", date="")


def test_worker_measures_gptship_and_transformers(tmp_path: Path) -> None:
    save_model("gpt2", tmp_path)
    threads = torch.get_num_threads()
    figures = [run_worker(e, tmp_path, TINY, threads, "cpu") for e in ("gptship", "transformers")]
    for f in figures:
        f.model = "tiny"
        assert f.single > 0 and f.streams[2] > 0 and f.prefill > 0 and f.peak_rss > 0
    assert figures[0].kv_bytes > 0  # gptship reserves its cache; transformers grows one

    rows = table(figures, {"tiny": model_size(tmp_path)}, MACHINE, TINY.streams)
    assert [row[0] for row in rows] == ["engine", "gptship", "transformers"]
    lines = ratios(figures)
    assert lines[0].startswith("tiny: gptship single stream vs transformers generate")
    assert "| gptship | tiny |" in markdown(rows, MACHINE, lines, 1.0)
