"""Attention over flat token batches and a slot-addressed KV cache.

A forward pass sees T new tokens from B sequences, laid end to end (no padding in the
model). Each layer's cache is one tensor [2, num_slots, num_kv_heads, head_dim]; a token's K
and V live at a *slot*. The reference loop uses slot = position (a contiguous cache); a paged
cache uses slot = block_id * block_size + offset. Attention only needs, per sequence, the
slots of its keys in position order, so both layouts run the same code.

Without a cache (a plain prefill), the new K/V themselves are the "cache" and a token's
slot is its index in the flat batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F


@dataclass
class AttentionBatch:
    """How the T flat tokens of one forward pass map to sequences and cache slots."""

    positions: torch.Tensor  # [T] position of each new token in its sequence
    slot_mapping: torch.Tensor  # [T] cache slot each new token's K/V is written to
    query_index: torch.Tensor  # [B, Lq] flat index of each padded query row
    query_pos: torch.Tensor  # [B, Lq] position of each padded query row
    query_valid: torch.Tensor  # [B, Lq] False on padding rows
    key_slots: torch.Tensor  # [B, Lk] slot of each key in position order (0 on padding)
    context_lens: torch.Tensor  # [B] number of keys each sequence attends to
    token_rows: torch.Tensor  # [T] row of each flat token in the padded [B * Lq] output
    _masks: dict[int | None, torch.Tensor] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        num_new: Sequence[int],
        key_slots: Sequence[Sequence[int]],
        slot_mapping: Sequence[int] | None = None,
        device: torch.device | str = "cpu",
    ) -> AttentionBatch:
        """Sequence b has `num_new[b]` new tokens at the end of its `len(key_slots[b])` keys.

        `slot_mapping` defaults to the flat token index (the no-cache prefill).
        """
        b, lq, lk = len(num_new), max(num_new), max(len(s) for s in key_slots)
        context_lens = torch.tensor([len(s) for s in key_slots])
        new = torch.tensor(num_new)
        starts = torch.cumsum(new, 0) - new  # first flat index of each sequence
        col = torch.arange(lq)
        query_valid = col[None, :] < new[:, None]
        query_index = torch.where(query_valid, starts[:, None] + col[None, :], 0)
        query_pos = (context_lens - new)[:, None] + col[None, :]
        keys = torch.zeros(b, lk, dtype=torch.long)
        for i, slots in enumerate(key_slots):
            keys[i, : len(slots)] = torch.tensor(slots, dtype=torch.long)
        rows = torch.arange(b * lq).view(b, lq)[query_valid]
        positions = query_pos[query_valid]
        mapping = (
            torch.arange(int(new.sum())) if slot_mapping is None else torch.tensor(slot_mapping)
        )
        return cls(
            positions=positions.to(device),
            slot_mapping=mapping.to(device),
            query_index=query_index.to(device),
            query_pos=query_pos.to(device),
            query_valid=query_valid.to(device),
            key_slots=keys.to(device),
            context_lens=context_lens.to(device),
            token_rows=rows.to(device),
        )

    @classmethod
    def prefill(cls, seq_lens: Sequence[int], device: torch.device | str = "cpu") -> AttentionBatch:
        """Whole sequences, no cache: each sequence's keys are its own flat tokens."""
        starts = [sum(seq_lens[:i]) for i in range(len(seq_lens))]
        keys = [range(s, s + n) for s, n in zip(starts, seq_lens, strict=True)]
        return cls.build(seq_lens, keys, device=device)

    def mask(self, window: int | None) -> torch.Tensor:
        """[B, 1, Lq, Lk] bool: causal, within the context, within the sliding window."""
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
    b, lq = batch.query_index.shape
    qb = q[batch.query_index].transpose(1, 2)  # [B, H, Lq, D]
    kb = k_all[batch.key_slots].transpose(1, 2)  # [B, Hkv, Lk, D]
    vb = v_all[batch.key_slots].transpose(1, 2)
    out = F.scaled_dot_product_attention(
        qb, kb, vb, attn_mask=batch.mask(window), scale=scale, enable_gqa=True
    )
    out = out.transpose(1, 2).reshape(b * lq, -1)  # [B * Lq, H * D]
    return out[batch.token_rows]
