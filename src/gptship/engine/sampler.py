"""Batched sampling: the whole batch in one pass, each request drawing from its own stream.

A request's token depends only on its logits row, its seed and its step, never on the rest of
the batch: the random numbers are splitmix64 outputs of (seed, step, token id) computed with
int64 tensor ops, turned into a choice by the exponential race (argmax of p / E, E ~ Exp(1)),
every float op is row-local (softmax and cumsum, not a vocabulary-wide sum, which CPU kernels
split across threads differently for one row than for many), and which path a row takes
depends on that row alone.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import torch

from gptship.engine.request import Request

# top_k/top_p rows race among their most likely tokens when the cut falls among these, which
# spares the full-vocabulary hash and the sort (~1 ms a 32k row on CPU) in the usual case
_CANDIDATES = 128
_CHUNK = 1 << 18  # elements per chunk of the random draw


def _signed(value: int) -> int:
    """The int64 with the same low 64 bits (tensors wrap like uint64)."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >> 63 else value


_GOLDEN = _signed(0x9E3779B97F4A7C15)
_ROUNDS = ((30, _signed(0xBF58476D1CE4E5B9)), (27, _signed(0x94D049BB133111EB)))


def _mix64(z: torch.Tensor, *, final: bool = True) -> torch.Tensor:
    """splitmix64's finaliser, in place on int64 `z`. `>>` is arithmetic, so a mask makes it
    logical; final=False skips the last xor-shift, which leaves the top 33 bits unchanged."""
    tmp = torch.empty_like(z)
    for shift, mult in _ROUNDS:
        z ^= torch.bitwise_right_shift(z, shift, out=tmp).bitwise_and_((1 << (64 - shift)) - 1)
        z *= mult
    if final:
        z ^= torch.bitwise_right_shift(z, 31, out=tmp).bitwise_and_((1 << 33) - 1)
    return z


def _row_keys(seeds: torch.Tensor, steps: torch.Tensor) -> torch.Tensor:
    """[R] int64: output step+1 of splitmix64 seeded with output 1 of splitmix64(seed)."""
    return _mix64(_mix64(seeds + _GOLDEN) + (steps + 1) * _GOLDEN)


def _uniforms(keys: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """[R, N] float32 in (0, 1) for token ids [N] or [R, N]: the top 23 bits of output id+1 of
    splitmix64(key), made exact floats (24 significant bits) strictly inside (0, 1)."""
    z = _mix64(keys[:, None] + (ids + 1) * _GOLDEN, final=False)
    bits = torch.bitwise_right_shift(z, 41, out=z).bitwise_and_((1 << 23) - 1)
    return bits.to(torch.float32).add_(0.5).mul_(2.0**-23)


def _race(p: torch.Tensor, keys: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """Column of the winner [R]: argmax p / E with E = -log(u) ~ Exp(1) picks column i with
    probability p_i / sum(p). Overwrites `p`. Chunks of rows keep the hash's int64
    temporaries in cache (about twice as fast at 64 x 32k on CPU)."""
    step, won = max(1, _CHUNK // p.shape[1]), []
    for i in range(0, p.shape[0], step):
        e = _uniforms(keys[i : i + step], ids if ids.dim() == 1 else ids[i : i + step])
        won.append(p[i : i + step].div_(e.log_().neg_()).argmax(-1))
    return torch.cat(won)


@dataclass
class SampledRows:
    """Rows that sample (temperature > 0) and take the same path, with their parameters."""

    rows: torch.Tensor  # [R] int64 row numbers in the batch
    temperature: torch.Tensor  # [R, 1] float32
    keys: torch.Tensor  # [R] int64: the row's random stream for this step
    top_k: torch.Tensor  # [R] int64 in [1, V]; V keeps every token
    top_p: torch.Tensor  # [R] float32; inf when off
    min_p: torch.Tensor | None  # [R, 1] float32; None when no row uses it

    @classmethod
    def build(
        cls, requests: Sequence[Request], rows: list[int], V: int, device: torch.device
    ) -> SampledRows | None:
        if not rows:
            return None
        params = [requests[i].params for i in rows]

        def tensor(values: Sequence[float], dtype: torch.dtype) -> torch.Tensor:
            return torch.tensor(values, dtype=dtype, device=device)

        return cls(
            rows=tensor(rows, torch.int64),
            temperature=tensor([p.temperature for p in params], torch.float32)[:, None],
            keys=_row_keys(
                tensor([_signed(requests[i].seed) for i in rows], torch.int64),
                tensor([len(requests[i].output_token_ids) for i in rows], torch.int64),
            ),
            top_k=tensor([min(p.top_k, V) if p.top_k > 0 else V for p in params], torch.int64),
            top_p=tensor([p.top_p if p.top_p < 1 else math.inf for p in params], torch.float32),
            min_p=tensor([p.min_p for p in params], torch.float32)[:, None]
            if any(p.min_p > 0 for p in params)
            else None,
        )

    def take(self, i: torch.Tensor) -> SampledRows:
        """The rows at positions `i` of this group."""
        min_p = None if self.min_p is None else self.min_p[i]
        return SampledRows(
            self.rows[i], self.temperature[i], self.keys[i], self.top_k[i], self.top_p[i], min_p
        )


@dataclass
class Penalties:
    """Repetition/presence/frequency penalties; rows aligned with the batch."""

    repetition: torch.Tensor  # [B, 1] float32, 1 = off
    presence: torch.Tensor  # [B, 1] float32
    frequency: torch.Tensor  # [B, 1] float32
    token_ids: torch.Tensor  # [B, L] int64: the ids a row penalises, padded with V
    output_ids: torch.Tensor  # [B, Lo] int64: the ids a row counts, padded with V


@dataclass
class SamplingBatch:
    """Per-request sampling tensors for one step, rows aligned with the logits rows.

    None means no row needs that stage, so it costs nothing: with no sampled rows and no
    edits or penalties, sampling is one argmax.
    """

    any_greedy: bool
    plain: SampledRows | None  # sampled rows without top_k/top_p
    filtered: SampledRows | None  # sampled rows with top_k and/or top_p
    # logit_bias, then -inf for stop ids before min_tokens: (rows, token ids, values to add)
    edits: tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None
    penalties: Penalties | None
    num_logprobs: int | None  # K top logprobs per row; None: no row asked

    @classmethod
    def build(
        cls,
        requests: Sequence[Request],
        vocab_size: int,
        eos_token_ids: Collection[int],
        device: torch.device,
    ) -> SamplingBatch:
        """Token ids outside [0, vocab_size) in logit_bias or stop ids are ignored (the server
        validates logit_bias)."""
        V = vocab_size
        groups: tuple[list[int], list[int], list[int]] = ([], [], [])  # greedy, plain, filtered
        for i, p in enumerate(r.params for r in requests):
            groups[0 if p.greedy else 2 if 0 < p.top_k < V or p.top_p < 1 else 1].append(i)
        logprobs = [r.params.logprobs for r in requests if r.params.logprobs is not None]
        return cls(
            any_greedy=bool(groups[0]),
            plain=SampledRows.build(requests, groups[1], V, device),
            filtered=SampledRows.build(requests, groups[2], V, device),
            edits=_edits(requests, V, set(eos_token_ids), device),
            penalties=_penalties(requests, V, device),
            num_logprobs=max(logprobs) if logprobs else None,
        )


def _edits(
    requests: Sequence[Request], V: int, eos: set[int], device: torch.device
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    entries = [
        (i, t, v) for i, r in enumerate(requests) for t, v in (r.params.logit_bias or {}).items()
    ]
    for i, r in enumerate(requests):
        if len(r.output_token_ids) < r.params.min_tokens:  # stop ids cannot be sampled yet
            stops = set(r.params.stop_token_ids) | (set() if r.params.ignore_eos else eos)
            entries += [(i, t, -math.inf) for t in sorted(stops)]
    entries = [e for e in entries if 0 <= e[1] < V]
    if not entries:
        return None
    rows, ids, values = torch.tensor(entries, dtype=torch.float64, device=device).T
    return rows.long(), ids.long(), values.float()


def _penalties(requests: Sequence[Request], V: int, device: torch.device) -> Penalties | None:
    params = [r.params for r in requests]
    # rows whose output is counted: any penalty on; repetition also looks at the prompt
    counted = [
        (p.repetition_penalty, p.presence_penalty, p.frequency_penalty) != (1, 0, 0) for p in params
    ]
    if not any(counted):
        return None

    def column(values: list[float]) -> torch.Tensor:
        return torch.tensor(values, dtype=torch.float32, device=device)[:, None]

    def padded(ids: list[list[int]]) -> torch.Tensor:
        width = max(map(len, ids))
        rows = [row + [V] * (width - len(row)) for row in ids]
        return torch.tensor(rows, dtype=torch.int64, device=device).view(len(ids), width)

    outs = [r.output_token_ids if c else [] for r, c in zip(requests, counted, strict=True)]
    return Penalties(
        repetition=column([p.repetition_penalty for p in params]),
        presence=column([p.presence_penalty for p in params]),
        frequency=column([p.frequency_penalty for p in params]),
        token_ids=padded(
            [
                (r.prompt_token_ids if r.params.repetition_penalty != 1 else []) + o
                for r, o in zip(requests, outs, strict=True)
            ]
        ),
        output_ids=padded(outs),
    )


@dataclass
class SamplerOutput:
    token_ids: torch.Tensor  # [B] int64
    logprobs: torch.Tensor | None  # [B] float32, raw log-prob of the sampled token
    top_ids: torch.Tensor | None  # [B, K] int64, K = max requested logprobs (at most V)
    top_logprobs: torch.Tensor | None  # [B, K] float32


def sample(logits: torch.Tensor, batch: SamplingBatch) -> SamplerOutput:
    """Pick one token per row of `logits` [B, V].

    Order: logit_bias, min_tokens bans, penalties; then for sampled rows temperature, top_k,
    top_p (of the top_k-renormalised distribution), min_p and the seeded draw; greedy rows
    take the argmax after the penalties. Filters keep every token tied with the cut, and
    always the most likely one. Logprobs are raw: log_softmax of `logits` as given, before
    bias, penalties and temperature. Batches with top_k/top_p rows cost one host sync, which
    sends the rows whose cut falls below the candidates to a full sort.
    """
    logits = logits.float()
    x = _process(logits, batch)
    if batch.any_greedy:
        tokens = x.argmax(-1)
    else:
        tokens = torch.empty(x.shape[0], dtype=torch.int64, device=x.device)
    for group, pick in ((batch.plain, _pick_plain), (batch.filtered, _pick_filtered)):
        if group is not None:
            p = x.index_select(0, group.rows).div_(group.temperature).softmax(-1)  # [R, V]
            tokens.index_copy_(0, group.rows, pick(p, group))
    if batch.num_logprobs is None:
        return SamplerOutput(tokens, None, None, None)
    raw = logits.log_softmax(-1)
    top = raw.topk(min(batch.num_logprobs, raw.shape[1]), -1)
    return SamplerOutput(tokens, raw.gather(1, tokens[:, None])[:, 0], top.indices, top.values)


def _process(logits: torch.Tensor, b: SamplingBatch) -> torch.Tensor:
    if b.edits is None and b.penalties is None:
        return logits
    V = logits.shape[1]
    x = torch.nn.functional.pad(logits, (0, 1))  # [B, V + 1]: column V absorbs the padding
    if b.edits is not None:
        x.index_put_(b.edits[:2], b.edits[2], accumulate=True)
    pen = b.penalties
    if pen is not None:  # only at the ids in play; a repeated id gets the same value twice
        ones = torch.ones_like(pen.output_ids, dtype=x.dtype)
        counts = torch.zeros_like(x).scatter_add_(1, pen.output_ids, ones).gather(1, pen.token_ids)
        v = x.gather(1, pen.token_ids)  # [B, L]
        v = torch.where(v > 0, v / pen.repetition, v * pen.repetition)
        v -= pen.presence * (counts > 0) + pen.frequency * counts
        x.scatter_(1, pen.token_ids, v)
    return x[:, :V]


def _pick_plain(p: torch.Tensor, g: SampledRows) -> torch.Tensor:
    if g.min_p is not None:
        p.masked_fill_(p < p.amax(-1, keepdim=True) * g.min_p, 0.0)
    return _race(p, g.keys, torch.arange(p.shape[1], device=p.device))


def _pick_filtered(p: torch.Tensor, g: SampledRows) -> torch.Tensor:
    V = p.shape[1]
    n = min(V, _CANDIDATES)
    picked, mass = _pick_sorted(*p.topk(n, -1), g, V)
    rows = (~((g.top_k <= n) | ((g.top_k == V) & (mass >= g.top_p)))).nonzero()[:, 0]
    if rows.numel():  # the cut falls below the candidates: sort those rows in full
        picked[rows] = _pick_sorted(*p[rows].sort(-1, descending=True), g.take(rows), V)[0]
    return picked


def _pick_sorted(
    vals: torch.Tensor, ids: torch.Tensor, g: SampledRows, V: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """vals, ids [R, N]: each row's N likeliest tokens, descending. Returns the token picked
    among them [R] and their mass after top_k [R]; right when the cut falls within N."""
    k = g.top_k
    vals = vals.masked_fill(torch.arange(vals.shape[1], device=vals.device) >= k[:, None], 0.0)
    cum = vals.cumsum(-1)  # sequential in each row: the same sums whatever the batch
    total = torch.where(k < V, cum.gather(1, k.clamp(max=vals.shape[1])[:, None] - 1)[:, 0], 1.0)
    # keep a token while the mass before it is short of top_p: the first one always stays
    # (clamped: a top_p that float32 rounds to 0, 1e-50 say, keeps that one too)
    keep = torch.minimum(((cum - vals) < (g.top_p * total)[:, None]).sum(-1), k).clamp(min=1)
    cutoff = vals.gather(1, keep[:, None] - 1)
    if g.min_p is not None:
        cutoff = torch.maximum(cutoff, vals[:, :1] * g.min_p)
    vals.masked_fill_(vals < cutoff, 0.0)
    return ids.gather(1, _race(vals, g.keys, ids)[:, None])[:, 0], cum[:, -1] / total
