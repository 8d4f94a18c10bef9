"""The decode-graph path (padded buckets, static inputs, scratch block), run uncaptured on
CPU: everything but the capture itself, which tests/gpu checks on a GPU."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
import torch

from gptship.engine.cuda_graphs import batch_buckets, width_buckets
from gptship.model.loader import load_model
from tests.engine.conftest import make_engine, run
from tests.engine.workloads import GREEDY, arrivals_at_random_steps, expected, prompts
from tests.tiny import save_model


def test_buckets_cover_every_size_with_little_padding() -> None:
    assert batch_buckets(64) == [1, 2, 4, 8, 16, 24, 32, 40, 48, 56, 64]
    assert batch_buckets(1) == [1]
    sizes = batch_buckets(256)
    assert sizes[-1] == 256
    assert all(b / a <= 2 for a, b in pairwise(sizes))
    assert all(b / a <= 1.25 for a, b in pairwise(sizes) if a >= 64)
    assert width_buckets(16) == [1, 2, 4, 8, 16]
    assert width_buckets(13) == [1, 2, 4, 8, 13]
    assert width_buckets(1) == [1]


@pytest.mark.parametrize("arch", ["llama", "gpt2", "mistral"])
def test_padded_decode_matches_the_reference_loop(arch: str, tmp_path: Path) -> None:
    save_model(arch, tmp_path)
    model = load_model(tmp_path)
    batch = prompts(10, seed=4, shared_prefix=9)
    # a small cache forces preemption; 7-token chunks leave 1-token prompt tails that run
    # through the decode path without sampling
    blocks = 18 + 1  # one request of up to 72 tokens fits, 6 at once do not; and scratch
    kv = blocks * 4 * model.config.kv_bytes_per_token(torch.float32)
    engine = make_engine(
        model, max_num_seqs=6, max_num_batched_tokens=7, block_size=4, kv_cache_memory=kv
    )
    engine.runner.use_decode_graphs(6, engine.max_model_len, capture=False)
    graphs = engine.runner.graphs
    assert graphs is not None
    got = run(engine, arrivals_at_random_steps(batch, GREEDY, seed=2))
    assert [got[f"r{i}"][0] for i in range(len(batch))] == expected(model, batch)
    assert graphs.runs > 0 and graphs.replays == 0
    assert engine.kv.stats.preemptions > 0
