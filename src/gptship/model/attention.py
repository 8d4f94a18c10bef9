"""Attention over flat token batches and a slot-addressed KV cache.

A forward pass sees T new tokens from B sequences, laid end to end (no padding in the
model). Each layer's cache is one tensor [2, num_slots, num_kv_heads, head_dim]; a token's K
and V live at a *slot*. The reference loop uses slot = position (a contiguous cache); the
engine's paged cache uses slot = block_id * block_size + offset. Attention only needs, per
sequence, the slots of its keys in position order, so both layouts run the same code.

Without a cache (a plain prefill), the new K/V themselves are the "cache" and a token's
slot is its index in the flat batch.

Sequences are attended in at most two groups, one SDPA call each: decodes (one new token,
so no query padding at all) and the rest (prefill chunks, padded to the longest chunk).
Mixing them would pad every decode to the longest prefill chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel


@dataclass
class AttentionGroup:
    """Sequences attended by one batched SDPA call, queries padded to the longest."""

    token_index: torch.Tensor  # [Tg] flat index of this group's tokens in the batch
    query_index: torch.Tensor  # [G, Lq] flat index of each padded query row (0 on padding)
    query_pos: torch.Tensor  # [G, Lq] position of each padded query row
    query_valid: torch.Tensor  # [G, Lq] False on padding rows
    key_slots: torch.Tensor  # [G, Lk] cache slot of each key, in position order
    context_lens: torch.Tensor  # [G] keys each sequence attends to
    # one whole sequence, no cached prefix: SDPA's own causal mask fits (30% faster than an
    # explicit one at 1024 tokens on CPU, measured)
    plain_causal: bool = False
    _masks: dict[int | None, torch.Tensor] = field(default_factory=dict)

    def mask(self, window: int | None) -> torch.Tensor:
        """[G, 1, Lq, Lk] bool: causal, within the context, within the sliding window."""
        if window not in self._masks:
            key_pos = torch.arange(self.key_slots.shape[1], device=self.key_slots.device)
            q, k = self.query_pos[:, :, None], key_pos[None, None, :]
            allowed = (k <= q) & (k < self.context_lens[:, None, None])
            if window is not None:
                allowed &= q - k < window
            # padding query rows attend to key 0 so that softmax never sees an empty row
            allowed[:, :, 0] |= ~self.query_valid
            self._masks[window] = allowed.unsqueeze(1)
        return self._masks[window]


@dataclass
class AttentionBatch:
    """How the T flat tokens of one forward pass map to sequences and cache slots."""

    positions: torch.Tensor  # [T] position of each new token in its sequence
    slot_mapping: torch.Tensor  # [T] cache slot each new token's K/V is written to
    groups: list[AttentionGroup]
    num_tokens: int

    @classmethod
    def build(
        cls,
        num_new: Sequence[int],
        context_lens: Sequence[int],
        key_slots: torch.Tensor,
        slot_mapping: torch.Tensor | None = None,
    ) -> AttentionBatch:
        """Sequence b has `num_new[b]` new tokens at the end of its `context_lens[b]` keys,
        whose cache slots are `key_slots[b, :context_lens[b]]` ([B, >= max context]).

        `slot_mapping` defaults to the flat token index (the no-cache prefill)."""
        device = key_slots.device
        new = torch.tensor(num_new, device=device)
        ctx = torch.tensor(context_lens, device=device)
        starts = torch.cumsum(new, 0) - new  # first flat index of each sequence
        is_decode = [n == 1 for n in num_new]
        groups = []
        for decode in (True, False):
            rows = [b for b, d in enumerate(is_decode) if d == decode]
            if rows:
                lq = 1 if decode else max(num_new[b] for b in rows)
                lk = max(context_lens[b] for b in rows)
                index = torch.tensor(rows, device=device)
                group = _group(new[index], ctx[index], starts[index], key_slots[index], lq, lk)
                group.plain_causal = len(rows) == 1 and num_new[rows[0]] == context_lens[rows[0]]
                groups.append(group)
        positions = torch.cat([g.query_pos[g.query_valid] for g in groups])
        order = torch.cat([g.token_index for g in groups])
        positions = torch.empty_like(positions).index_copy_(0, order, positions)
        total = sum(num_new)
        if slot_mapping is None:
            slot_mapping = torch.arange(total, device=device)
        return cls(positions, slot_mapping, groups, total)

    @classmethod
    def prefill(cls, seq_lens: Sequence[int], device: torch.device | str = "cpu") -> AttentionBatch:
        """Whole sequences, no cache: each sequence's keys are its own flat tokens."""
        lens, col = torch.tensor(seq_lens), torch.arange(max(seq_lens))
        starts = torch.cumsum(lens, 0) - lens
        keys = torch.where(col[None, :] < lens[:, None], starts[:, None] + col[None, :], 0)
        return cls.build(seq_lens, seq_lens, keys.to(device))

    @classmethod
    def decode(
        cls, positions: torch.Tensor, slot_mapping: torch.Tensor, key_slots: torch.Tensor
    ) -> AttentionBatch:
        """B sequences, one new token each at `positions` [B], keys in `key_slots` [B, Lk].

        Built from device tensors alone (no host sync, no host data), so a CUDA graph can
        capture it: the decode graphs' inputs are these three tensors."""
        b = positions.shape[0]
        index = torch.arange(b, device=positions.device)
        group = AttentionGroup(
            token_index=index,
            query_index=index[:, None],
            query_pos=positions[:, None],
            query_valid=torch.ones(b, 1, dtype=torch.bool, device=positions.device),
            key_slots=key_slots,
            context_lens=positions + 1,
        )
        return cls(positions, slot_mapping, [group], b)

    @classmethod
    def contiguous(cls, start: int, num_new: int, device: torch.device) -> AttentionBatch:
        """One sequence in a cache where slot = position (the reference loop)."""
        end = start + num_new
        keys = torch.arange(end, device=device)[None, :]
        return cls.build([num_new], [end], keys, torch.arange(start, end, device=device))


def _group(
    new: torch.Tensor,
    ctx: torch.Tensor,
    starts: torch.Tensor,
    key_slots: torch.Tensor,
    lq: int,
    lk: int,
) -> AttentionGroup:
    col = torch.arange(lq, device=new.device)
    valid = col[None, :] < new[:, None]
    query_index = torch.where(valid, starts[:, None] + col[None, :], 0)
    return AttentionGroup(
        token_index=query_index[valid],
        query_index=query_index,
        query_pos=(ctx - new)[:, None] + col[None, :],
        query_valid=valid,
        key_slots=key_slots[:, :lk],
        context_lens=ctx,
    )


def attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    kv_cache: torch.Tensor | None,
    batch: AttentionBatch,
    scale: float,
    window: int | None = None,
) -> torch.Tensor:
    """q: [T, H, D]; k, v: [T, Hkv, D]; kv_cache: [2, slots, Hkv, D] or None -> [T, H * D]."""
    if kv_cache is not None:
        kv_cache[0].index_copy_(0, batch.slot_mapping, k)
        kv_cache[1].index_copy_(0, batch.slot_mapping, v)
        k_all, v_all = kv_cache[0], kv_cache[1]
    else:
        k_all, v_all = k, v
    if len(batch.groups) == 1:
        return _attend(q, k_all, v_all, batch.groups[0], scale, window)
    out = q.new_empty(q.shape[0], q.shape[1] * q.shape[2])
    for group in batch.groups:
        out.index_copy_(0, group.token_index, _attend(q, k_all, v_all, group, scale, window))
    return out


def _attend(
    q: torch.Tensor,
    k_all: torch.Tensor,
    v_all: torch.Tensor,
    group: AttentionGroup,
    scale: float,
    window: int | None,
) -> torch.Tensor:
    """The group's outputs [Tg, H * D], rows in the order of group.token_index.

    Sequences go in chunks whose gathered K and V stay small: a tensor above glibc's mmap
    threshold (32 MiB) is fresh memory each time, and its page faults cost more than the
    copy itself (measured: 10x for a 33 MiB gather)."""
    g = group.query_index.shape[0]
    if q.is_cuda:  # the caching allocator reuses blocks: no page faults to avoid
        return _attend_rows(q, k_all, v_all, group, slice(None), scale, window)
    per_sequence = group.key_slots.shape[1] * k_all[0].numel() * k_all.element_size()
    step = max(1, _GATHER_BYTES // per_sequence)
    if step >= g:
        return _attend_rows(q, k_all, v_all, group, slice(None), scale, window)
    chunks = [
        _attend_rows(q, k_all, v_all, group, slice(i, i + step), scale, window)
        for i in range(0, g, step)
    ]
    return torch.cat(chunks)


_GATHER_BYTES = 8 << 20

# On CUDA, SDPA may pick cuDNN's attention, which builds an execution plan for every new
# shape: ~35 ms each, and a growing context makes every decode step a new shape (measured on
# an H200, torch 2.11: an eager decode step took 39 ms the first time a length was seen, 4 ms
# the second). The other kernels need no plan.
_CUDA_BACKENDS = [SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH]


def sdpa_backends(device: torch.device) -> AbstractContextManager[None]:
    """The SDPA kernels the engine lets torch choose from on `device`."""
    return sdpa_kernel(_CUDA_BACKENDS) if device.type == "cuda" else nullcontext()


def _attend_rows(
    q: torch.Tensor,
    k_all: torch.Tensor,
    v_all: torch.Tensor,
    group: AttentionGroup,
    rows: slice,
    scale: float,
    window: int | None,
) -> torch.Tensor:
    query_index = group.query_index[rows]
    c, lq = query_index.shape
    slots = group.key_slots[rows]
    qb = q[query_index].transpose(1, 2)  # [C, H, Lq, D]
    kb = k_all[slots].transpose(1, 2)  # [C, Hkv, Lk, D]
    vb = v_all[slots].transpose(1, 2)
    with sdpa_backends(q.device):
        if group.plain_causal and (window is None or window >= slots.shape[1]):
            out = F.scaled_dot_product_attention(
                qb, kb, vb, is_causal=True, scale=scale, enable_gqa=True
            )
        else:
            out = F.scaled_dot_product_attention(
                qb, kb, vb, attn_mask=group.mask(window)[rows], scale=scale, enable_gqa=True
            )
    out = out.transpose(1, 2).reshape(c * lq, -1)
    # one query per sequence has no padding; skipping the boolean index keeps decode free of
    # host syncs (a CUDA graph cannot capture one)
    return out if lq == 1 else out[group.query_valid[rows].flatten()]
