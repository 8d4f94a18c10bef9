"""Greedy output under continuous batching equals each request run alone."""

from __future__ import annotations

import pytest
import torch

from gptship.engine.outputs import CompletionOutput
from gptship.engine.reference import reference_generate
from gptship.model import attention
from gptship.sampling import SamplingParams
from tests.engine.conftest import TinyModel, make_engine, run
from tests.engine.workloads import GREEDY, arrivals_at_random_steps, expected, prompts


def test_continuous_batching_matches_the_reference_loop(tiny_llama: TinyModel) -> None:
    model, hf = tiny_llama
    batch = prompts(10)
    engine = make_engine(model, max_num_batched_tokens=24, block_size=4)
    got = run(engine, arrivals_at_random_steps(batch, GREEDY))
    want = expected(model, batch)
    assert [got[f"r{i}"][0] for i in range(len(batch))] == want
    # and the reference loop is transformers' greedy generate
    for p, tokens in zip(batch[:3], want[:3], strict=True):
        ref = hf.generate(torch.tensor([p]), max_new_tokens=12, do_sample=False)
        assert ref[0, len(p) :].tolist() == tokens


def test_small_chunks_prefix_hits_and_preemption(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    batch = prompts(12, seed=3, shared_prefix=20)
    # 2 layers x 2 KV heads x 16 dims x 4 bytes x 2 (K, V) = 512 bytes per token;
    # 18 blocks of 4 tokens (and the runner's scratch block): one request of up to 72
    # tokens fits, 12 at once do not
    engine = make_engine(
        model, max_num_batched_tokens=7, block_size=4, kv_cache_memory=19 * 4 * 512
    )
    got = run(engine, arrivals_at_random_steps(batch, GREEDY, seed=5))
    assert [got[f"r{i}"][0] for i in range(len(batch))] == expected(model, batch)
    assert engine.kv.stats.preemptions > 0
    assert engine.kv.stats.prefix_hits > 0


def test_n_samples_share_the_prompt_blocks(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    prompt = prompts(1, seed=9, shared_prefix=33)[0]
    engine = make_engine(model, block_size=8)
    params = SamplingParams(n=4, temperature=0, max_tokens=6, ignore_eos=True)
    got = run(engine, {0: [("a", prompt, params)]})
    assert got["a"] == expected(model, [prompt], 6) * 4
    full_blocks = (len(prompt) - 1) // 8
    assert engine.kv.stats.prefix_hits == 3 * full_blocks * 8


def test_seeded_sampling_is_batch_invariant(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    params = SamplingParams(temperature=1.0, top_p=0.9, seed=1234, max_tokens=16, ignore_eos=True)
    target = prompts(1, seed=11)[0]
    alone = run(make_engine(model), {0: [("t", target, params)]})["t"]
    others = [
        (f"o{i}", p, SamplingParams(temperature=0.7, max_tokens=9))
        for i, p in enumerate(prompts(6))
    ]
    crowded = run(
        make_engine(model, max_num_batched_tokens=16, block_size=4),
        {0: others[:3], 2: [("t", target, params)], 3: others[3:]},
    )["t"]
    assert alone == crowded
    other_seed = run(
        make_engine(model),
        {
            0: [
                (
                    "t",
                    target,
                    SamplingParams(
                        temperature=1.0, top_p=0.9, seed=99, max_tokens=16, ignore_eos=True
                    ),
                )
            ]
        },
    )["t"]
    assert other_seed != alone


def test_abort_returns_every_block(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    engine = make_engine(model, max_num_batched_tokens=16, block_size=4)
    batch = prompts(5, seed=2)
    for i, p in enumerate(batch):
        engine.add_request(
            f"r{i}", p, SamplingParams(temperature=0, max_tokens=30, ignore_eos=True)
        )
    for _ in range(4):
        engine.step()
    assert engine.kv.num_used_blocks > 0
    assert engine.abort("r0") and engine.abort("r3")
    assert not engine.abort("r0")  # already gone
    while engine.has_unfinished():
        finished = [o.request_id for o in engine.step() if o.finished]
        assert "r0" not in finished and "r3" not in finished
    assert engine.kv.num_free_blocks == engine.kv.num_blocks
    assert sum(engine.kv.ref_counts) == 0


def test_finish_reasons_and_limits(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    engine = make_engine(model, max_model_len=30)
    want = reference_generate(model, [5, 6, 7], 12)
    stop_at = want[4]
    engine.add_request(
        "stop", [5, 6, 7], SamplingParams(temperature=0, max_tokens=12, stop_token_ids=(stop_at,))
    )
    engine.add_request("length", [5, 6, 7], SamplingParams(temperature=0, max_tokens=3))
    engine.add_request(
        "context", list(range(25)), SamplingParams(temperature=0, max_tokens=20, ignore_eos=True)
    )
    outs: dict[str, CompletionOutput] = {}
    while engine.has_unfinished():
        for o in engine.step():
            if o.finished:
                outs[o.request_id] = o.outputs[0]
    stop, length, context = outs["stop"], outs["length"], outs["context"]
    assert stop.finish_reason == "stop" and stop.stop_reason == stop_at
    assert length.finish_reason == "length"
    assert context.finish_reason == "length"


def test_attention_in_chunks_gives_the_same_tokens(
    tiny_llama: TinyModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big groups attend a few sequences at a time; force one at a time and compare."""
    model, _ = tiny_llama
    monkeypatch.setattr(attention, "_GATHER_BYTES", 1)
    batch = prompts(6, seed=4)
    got = run(
        make_engine(model, block_size=4), {0: [(f"r{i}", p, GREEDY) for i, p in enumerate(batch)]}
    )
    assert [got[f"r{i}"][0] for i in range(len(batch))] == expected(model, batch)


def test_the_default_kv_cache_holds_max_num_seqs_whole_contexts(tiny_llama: TinyModel) -> None:
    """With no kv_cache_memory set, one sequence may fill the whole context: the runner's
    scratch block comes on top, and a context that is not a whole number of blocks rounds up."""
    model, _ = tiny_llama
    for context in (64, 60):
        engine = make_engine(model, kv_cache_memory=None, max_num_seqs=1, max_model_len=context)
        engine.validate(list(range(1, context - 4)), SamplingParams(max_tokens=4))
        assert engine.limits.num_blocks == -(-context // engine.limits.block_size)
