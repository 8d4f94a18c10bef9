"""The batched sampler: greedy, filters, penalties, logprobs, and seeded batch invariance."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import torch

from gptship.engine import sampler
from gptship.engine.request import Request
from gptship.engine.sampler import SamplerOutput, SamplingBatch, sample
from gptship.sampling import ParamError, SamplingParams

CPU = torch.device("cpu")
EOS = 7


def req(
    seed: int = 0, output: Sequence[int] = (), prompt: Sequence[int] = (1,), **params: Any
) -> Request:
    r = Request(
        request_id=f"r{seed}",
        prompt_token_ids=list(prompt),
        params=SamplingParams(**params),
        seed=seed,
        arrival=0,
    )
    r.output_token_ids = list(output)
    return r


def run(
    logits: torch.Tensor, requests: Sequence[Request], eos: Sequence[int] = (EOS,)
) -> SamplerOutput:
    return sample(logits, SamplingBatch.build(requests, logits.shape[1], eos, CPU))


def tokens(logits: torch.Tensor, requests: Sequence[Request]) -> list[int]:
    return run(logits, requests).token_ids.tolist()


def frequencies(logits_row: torch.Tensor, n: int, **params: Any) -> torch.Tensor:
    """Sample `n` times with seeds 0..n-1 (one batch) and return the token frequencies."""
    logits = logits_row.expand(n, -1).contiguous()
    picked = run(logits, [req(seed=s, **params) for s in range(n)]).token_ids
    return torch.bincount(picked, minlength=logits.shape[1]).double() / n


ROW = torch.tensor([2.0, 1.0, 0.5, 3.0, -1.0, 0.0, 1.5, 2.5])  # V = 8, distinct values


# ---- greedy -------------------------------------------------------------------------------


def test_all_greedy_is_argmax() -> None:
    logits = torch.randn(16, 50, generator=torch.Generator().manual_seed(0))
    out = run(logits, [req(seed=i, temperature=0) for i in range(16)])
    assert torch.equal(out.token_ids, logits.argmax(-1))
    assert out.token_ids.dtype == torch.int64
    assert out.logprobs is None and out.top_ids is None and out.top_logprobs is None


def test_all_greedy_without_edits_skips_processing() -> None:
    logits = torch.randn(4, 10)
    batch = SamplingBatch.build([req(temperature=0)] * 4, 10, [EOS], CPU)
    assert batch.plain is None and batch.filtered is None and batch.edits is None
    assert sampler._process(logits, batch) is logits


def test_greedy_ignores_filters_and_keeps_penalties() -> None:
    logits = torch.tensor([[1.0, 5.0, 4.0]])
    assert tokens(logits, [req(temperature=0, top_k=1, top_p=0.1, min_p=0.9)]) == [1]
    penalised = req(temperature=0, prompt=[1], repetition_penalty=2.0)  # 5/2 < 4
    assert tokens(logits, [penalised]) == [2]


def test_mixed_greedy_and_sampled_rows() -> None:
    g = torch.Generator().manual_seed(1)
    logits = torch.randn(8, 300, generator=g)
    requests = [
        req(seed=i, temperature=0) if i % 2 == 0 else req(seed=i, temperature=1.5, top_p=0.9)
        for i in range(8)
    ]
    picked = tokens(logits, requests)
    greedy = logits.argmax(-1).tolist()
    for i in range(0, 8, 2):
        assert picked[i] == greedy[i]
    for i in range(1, 8, 2):  # each sampled row gets what it gets alone
        assert picked[i] == tokens(logits[i : i + 1], [requests[i]])[0]
    assert [picked[i] for i in range(1, 8, 2)] != [greedy[i] for i in range(1, 8, 2)]


# ---- seeded, batch-invariant randomness ----------------------------------------------------

TARGETS: list[dict[str, Any]] = [
    {"temperature": 1.0},
    {"temperature": 0.7, "top_k": 20},
    {"temperature": 1.0, "top_p": 0.9},  # flat logits: the nucleus outgrows the candidates
    {"temperature": 0.3, "top_p": 0.8},  # peaked: the nucleus sits among the candidates
    {"temperature": 1.0, "top_k": 200, "top_p": 0.95},  # top_k wider than the candidates
    {"temperature": 1.0, "min_p": 0.3},
    {"temperature": 0.9, "top_k": 50, "top_p": 0.7, "min_p": 0.05},
    {
        "temperature": 1.2,
        "repetition_penalty": 1.3,
        "presence_penalty": 0.5,
        "logit_bias": {3: 2.0},
    },
]
OTHERS: list[dict[str, Any]] = [
    {"temperature": 0},
    {"temperature": 1.0},
    {"temperature": 0.5, "top_p": 0.5},
    {"temperature": 2.0, "top_p": 0.99},
    {"temperature": 1.0, "top_k": 3},
    {"temperature": 1.0, "top_k": 500},
    {"temperature": 0.8, "min_p": 0.1, "frequency_penalty": 1.0},
]


@pytest.mark.parametrize("params", TARGETS)
def test_same_seed_and_step_same_token_whatever_the_batch(params: dict[str, Any]) -> None:
    V = 1000
    g = torch.Generator().manual_seed(2)
    for trial in range(6):
        row = torch.randn(1, V, generator=g) * (0.5 if trial % 2 else 4.0)
        target = req(seed=1000 + trial, output=[5, 9, 5][: trial % 4], prompt=[3, 4], **params)
        alone = tokens(row, [target])[0]
        for pos in (0, 3, 7):
            others = [
                req(
                    seed=int(torch.randint(0, 2**40, (1,), generator=g)),
                    output=[1] * i,
                    **OTHERS[(i + trial) % len(OTHERS)],
                )
                for i in range(7)
            ]
            batch = [*others[:pos], target, *others[pos:]]
            logits = torch.randn(8, V, generator=g) * 2
            logits[pos] = row[0]
            assert tokens(logits, batch)[pos] == alone, (trial, pos)


@pytest.mark.parametrize("params", [{}, {"top_p": 0.9}, {"min_p": 0.01}])
def test_batch_invariance_at_a_vocabulary_that_cpu_reductions_split(
    params: dict[str, Any],
) -> None:
    V = 2**16 + 3  # one row is enough work for ATen to split a vocabulary-wide sum
    g = torch.Generator().manual_seed(7)
    logits = torch.randn(8, V, generator=g)
    requests = [req(seed=s, output=[s], **params) for s in range(8)]
    together = tokens(logits, requests)
    assert together == [tokens(logits[i : i + 1], [requests[i]])[0] for i in range(8)]


def test_candidates_and_full_sort_pick_the_same_token(monkeypatch: pytest.MonkeyPatch) -> None:
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(64, 400, generator=g) * 2
    requests = [
        req(seed=i, top_p=0.3 + 0.01 * i, top_k=(0, 5, 60)[i % 3], min_p=(0, 0.05)[i % 2])
        for i in range(64)
    ]
    with_candidates = tokens(logits, requests)
    # now only rows whose top token alone passes top_p stay off the full sort
    monkeypatch.setattr(sampler, "_CANDIDATES", 1)
    assert tokens(logits, requests) == with_candidates


def test_different_seeds_or_steps_differ() -> None:
    logits = torch.zeros(1, 1000)  # uniform
    a = [tokens(logits, [req(seed=1, output=[0] * step)])[0] for step in range(40)]
    b = [tokens(logits, [req(seed=2, output=[0] * step)])[0] for step in range(40)]
    assert a == [tokens(logits, [req(seed=1, output=[0] * step)])[0] for step in range(40)]
    assert sum(x != y for x, y in zip(a, b, strict=True)) >= 36
    assert len(set(a)) >= 36  # the step changes the draw


@pytest.mark.parametrize("seed", [0, 1, 2**32, 2**63 - 1, 2**64 - 1, 2**70 + 5])
def test_any_non_negative_seed_works(seed: int) -> None:
    logits = torch.zeros(1, 100)
    first = tokens(logits, [req(seed=seed, temperature=1.0)])
    assert first == tokens(logits, [req(seed=seed, temperature=1.0)])
    assert 0 <= first[0] < 100


def _splitmix64(z: int) -> int:
    mask = (1 << 64) - 1
    z &= mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def test_random_stream_is_splitmix64_of_seed_step_and_token() -> None:
    golden = 0x9E3779B97F4A7C15
    seeds, steps = [0, 1, 2**63 - 1, 123456789012345], [0, 3, 99, 1]
    keys = sampler._row_keys(torch.tensor([sampler._signed(s) for s in seeds]), torch.tensor(steps))
    u = sampler._uniforms(keys, torch.arange(6))
    for row, (seed, step) in enumerate(zip(seeds, steps, strict=True)):
        key = _splitmix64(_splitmix64(seed + golden) + (step + 1) * golden)
        assert int(keys[row].item()) & ((1 << 64) - 1) == key
        expected = [((_splitmix64(key + (v + 1) * golden) >> 41) + 0.5) / 2**23 for v in range(6)]
        assert u[row].tolist() == expected
    assert bool(((u > 0) & (u < 1)).all())


# ---- distributions ----------------------------------------------------------------------------


def _expected(probs: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
    kept = torch.where(keep, probs, 0.0).double()
    return kept / kept.sum()


def _nucleus(probs: torch.Tensor, top_p: float) -> torch.Tensor:
    order = probs.argsort(descending=True)
    before = probs[order].cumsum(0) - probs[order]
    keep = torch.zeros_like(probs, dtype=torch.bool)
    keep[order[before < top_p]] = True
    return keep


def _top_k(p: torch.Tensor, k: int) -> torch.Tensor:
    return p >= p.topk(k).values[-1]


CASES: list[tuple[dict[str, Any], Callable[[torch.Tensor], torch.Tensor]]] = [
    ({"temperature": 1.0}, lambda p: torch.ones(8, dtype=torch.bool)),
    ({"temperature": 0.5}, lambda p: torch.ones(8, dtype=torch.bool)),
    ({"temperature": 1.0, "top_k": 3}, lambda p: _top_k(p, 3)),
    ({"temperature": 1.0, "top_p": 0.6}, lambda p: _nucleus(p, 0.6)),
    ({"temperature": 1.0, "min_p": 0.2}, lambda p: p >= 0.2 * p.max()),
    # top_p applies to the top_k-renormalised distribution: 0.40/0.64 > 0.6 leaves one token
    ({"temperature": 1.0, "top_k": 2, "top_p": 0.6}, lambda p: _top_k(p, 1)),
    (
        {"temperature": 0.7, "top_k": 5, "top_p": 0.8},
        lambda p: _nucleus(_expected(p, _top_k(p, 5)).float(), 0.8),
    ),
    (
        {"temperature": 1.0, "top_p": 0.9, "min_p": 0.3},
        lambda p: _nucleus(p, 0.9) & (p >= 0.3 * p.max()),
    ),
]


@pytest.mark.parametrize(("params", "keep"), CASES)
def test_draws_follow_the_filtered_softmax(
    params: dict[str, Any], keep: Callable[[torch.Tensor], torch.Tensor]
) -> None:
    probs = (ROW / params["temperature"]).softmax(-1)
    expected = _expected(probs, keep(probs))
    got = frequencies(ROW, 20_000, **params)
    assert torch.all(got[expected == 0] == 0), got
    if params.keys() & {"top_k", "top_p", "min_p"}:
        assert (expected > 0).sum() < 8  # the case does cut something
    assert (got - expected).abs().max() < 0.015, (got, expected)


def test_top_p_cut_is_exclusive_and_keeps_ties() -> None:
    row = torch.tensor([math.log(2), 0.0, 0.0])  # exactly 0.5, 0.25, 0.25
    assert (frequencies(row, 300, top_p=0.5) > 0).tolist() == [True, False, False]
    # the cut falls on token 1, and token 2 ties with it
    assert (frequencies(row, 300, top_p=0.6) > 0).tolist() == [True, True, True]


def test_nucleus_filter_keeps_what_the_hand_computation_keeps() -> None:
    probs = ROW.softmax(-1)
    assert _nucleus(probs, 0.6).sum() == 2  # 0.40 + 0.24: the cut falls after two tokens
    assert (frequencies(ROW, 2000, top_p=0.6) > 0).sum() == 2


def test_draws_over_steps_follow_the_softmax() -> None:
    n = 2000
    outputs = list(range(n))
    requests = [req(seed=42, output=outputs[:step], temperature=1.0) for step in range(n)]
    picked = run(ROW.expand(n, -1).contiguous(), requests).token_ids
    got = torch.bincount(picked, minlength=8).double() / n
    assert (got - ROW.softmax(-1).double()).abs().max() < 0.05


def test_full_sort_path_distribution() -> None:
    V = 600
    row = torch.linspace(2.0, -2.0, V)  # flat: the 0.9 nucleus holds hundreds of tokens
    probs = row.softmax(-1)
    keep = _nucleus(probs, 0.9)
    assert keep.sum() > sampler._CANDIDATES
    got = frequencies(row, 20_000, top_p=0.9)
    assert torch.all(got[~keep] == 0)
    expected = _expected(probs, keep)
    for lo, hi in [(0, 50), (50, 150), (150, 300), (300, V)]:  # mass of bands of tokens
        assert abs(got[lo:hi].sum() - expected[lo:hi].sum()) < 0.015


def test_top_k_one_and_tiny_top_p_are_argmax() -> None:
    g = torch.Generator().manual_seed(4)
    logits = torch.randn(32, 500, generator=g)
    assert tokens(logits, [req(seed=i, top_k=1) for i in range(32)]) == logits.argmax(-1).tolist()
    assert (
        tokens(logits, [req(seed=i, top_p=1e-6) for i in range(32)]) == logits.argmax(-1).tolist()
    )


@pytest.mark.parametrize(
    "params",
    [  # values above 0 that float32 rounds to 0: they crashed the engine (fuzzing found them)
        {"top_p": 1e-50},
        {"top_p": 5e-324},
        {"temperature": 1e-50, "top_p": 0.5},
        {"temperature": 5e-324, "top_k": 5},
    ],
)
def test_parameters_that_float32_rounds_to_zero_are_argmax(params: dict[str, Any]) -> None:
    logits = torch.randn(8, 500, generator=torch.Generator().manual_seed(5))
    assert tokens(logits, [req(seed=i, **params) for i in range(8)]) == logits.argmax(-1).tolist()


def test_a_vanishing_repetition_penalty_is_refused() -> None:
    with pytest.raises(ParamError, match="repetition_penalty"):
        SamplingParams(repetition_penalty=1e-50)


def test_top_k_at_least_vocab_is_off() -> None:
    logits = torch.randn(64, 8)
    plain = tokens(logits, [req(seed=i) for i in range(64)])
    assert tokens(logits, [req(seed=i, top_k=8) for i in range(64)]) == plain
    assert tokens(logits, [req(seed=i, top_k=1000) for i in range(64)]) == plain


# ---- bias, min_tokens, penalties -----------------------------------------------------------


def test_logit_bias_forces_a_token_and_ignores_ids_outside_the_vocab() -> None:
    logits = torch.randn(20, 8)
    bias = {5: 100.0, 8: 100.0, 1000: 100.0, -1: 100.0}
    requests = [req(seed=i, temperature=1.0 if i % 2 else 0, logit_bias=bias) for i in range(20)]
    assert tokens(logits, requests) == [5] * 20
    assert tokens(logits, [req(temperature=0, logit_bias={int(logits[0].argmax()): -100.0})]) != [
        int(logits[0].argmax())
    ]


def test_min_tokens_bans_eos_and_stop_ids() -> None:
    logits = torch.tensor([[0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 10.0]])  # EOS=7, then 3
    short: dict[str, Any] = {"temperature": 0, "min_tokens": 2, "stop_token_ids": (3,)}
    assert tokens(logits, [req(output=[1], **short)]) == [0]  # the first of the zeros
    assert tokens(logits, [req(output=[1, 1], **short)]) == [7]  # long enough
    assert tokens(logits, [req(output=[], temperature=0, min_tokens=2)]) == [3]
    # ignore_eos lifts the ban on eos only; it never bans anything by itself
    assert tokens(logits, [req(output=[1], ignore_eos=True, **short)]) == [7]
    assert tokens(logits, [req(temperature=0, ignore_eos=True)]) == [7]
    sampled = [req(seed=s, min_tokens=1, stop_token_ids=(3,)) for s in range(500)]
    assert not set(tokens(logits.expand(500, -1).contiguous(), sampled)) & {3, 7}


def test_min_tokens_bans_every_eos_id() -> None:
    logits = torch.tensor([[0.0, 8.0, 9.0, 0.0]])
    r = req(temperature=0, min_tokens=1)
    assert run(logits, [r], eos=(1, 2, 99)).token_ids.tolist() == [0]


def test_penalties_match_a_hand_computation() -> None:
    g = torch.Generator().manual_seed(5)
    logits = torch.randn(3, 10, generator=g) * 3
    requests = [
        req(
            prompt=[1, 2, 2],
            output=[2, 3, 3, 3],
            repetition_penalty=1.5,
            presence_penalty=0.5,
            frequency_penalty=0.25,
        ),
        req(prompt=[4, 5], output=[5, 6], presence_penalty=-1.0),
        req(prompt=[4, 5], output=[5, 6]),
    ]
    batch = SamplingBatch.build(requests, 10, [EOS], CPU)
    got = sampler._process(logits.clone(), batch)
    expected = logits.clone()
    for row, r in enumerate(requests):
        p = r.params
        for t in set(r.prompt_token_ids + r.output_token_ids):
            x = expected[row, t].item()
            x = x / p.repetition_penalty if x > 0 else x * p.repetition_penalty
            count = r.output_token_ids.count(t)
            x -= p.presence_penalty * (count > 0) + p.frequency_penalty * count
            expected[row, t] = x
    assert torch.allclose(got, expected, atol=1e-6)
    assert torch.equal(got[2], logits[2])


def test_penalties_change_the_greedy_pick() -> None:
    logits = torch.tensor([[3.0, 2.9, -1.0, -1.2]])
    assert tokens(logits, [req(temperature=0, output=[0], frequency_penalty=0.5)]) == [1]
    assert tokens(logits, [req(temperature=0, output=[0], presence_penalty=0.2)]) == [1]
    assert tokens(logits, [req(temperature=0, prompt=[0], repetition_penalty=1.1)]) == [1]
    # a negative logit is multiplied: 3 gets -1.2 * 0.5 = -0.6 and beats 2 (-1) once 0, 1 are out
    banned = {0: -100.0, 1: -100.0}
    r = req(temperature=0, prompt=[3], repetition_penalty=0.5, logit_bias=banned)
    assert tokens(logits, [r]) == [3]


def test_sampling_does_not_modify_the_logits() -> None:
    logits = torch.randn(4, 20)
    before = logits.clone()
    run(
        logits,
        [
            req(seed=i, top_p=0.5, repetition_penalty=2.0, logit_bias={1: 3.0}, output=[1])
            for i in range(4)
        ],
    )
    assert torch.equal(logits, before)


# ---- logprobs ---------------------------------------------------------------------------------


def test_logprobs_are_raw_and_top_k_matches_topk() -> None:
    g = torch.Generator().manual_seed(6)
    logits = torch.randn(4, 30, generator=g)
    requests = [
        req(seed=0, logprobs=2, temperature=0.5, logit_bias={0: 50.0}),
        req(seed=1, logprobs=5),
        req(seed=2, temperature=0),
        req(seed=3, logprobs=0, repetition_penalty=2.0, prompt=list(range(30))),
    ]
    out = run(logits, requests)
    raw = logits.log_softmax(-1)
    assert out.token_ids[0] == 0  # the bias decides the token but not its logprob
    assert out.logprobs is not None and out.top_ids is not None and out.top_logprobs is not None
    assert torch.equal(out.logprobs, raw.gather(1, out.token_ids[:, None])[:, 0])
    top = raw.topk(5, -1)
    assert torch.equal(out.top_ids, top.indices) and torch.equal(out.top_logprobs, top.values)
    assert out.top_ids.dtype == torch.int64 and out.top_logprobs.dtype == torch.float32


def test_zero_logprobs_gives_empty_top_tensors() -> None:
    logits = torch.randn(3, 10)
    out = run(logits, [req(logprobs=0), req(temperature=0), req()])
    assert out.top_ids is not None and out.top_ids.shape == (3, 0)
    assert out.top_logprobs is not None and out.top_logprobs.shape == (3, 0)
    assert out.logprobs is not None
    assert torch.equal(out.logprobs, logits.log_softmax(-1).gather(1, out.token_ids[:, None])[:, 0])


def test_more_logprobs_than_the_vocabulary() -> None:
    out = run(torch.randn(1, 4), [req(logprobs=20)])
    assert out.top_ids is not None and sorted(out.top_ids[0].tolist()) == [0, 1, 2, 3]
    assert out.top_logprobs is not None
    assert math.isclose(float(out.top_logprobs.exp().sum()), 1.0, rel_tol=1e-5)
