"""ModelRunner: owns the KV cache tensors; turns a ScheduledBatch into one forward pass."""

from __future__ import annotations

import torch

from gptship.engine.cuda_graphs import DecodeGraphs
from gptship.engine.scheduler import ScheduledBatch
from gptship.model.attention import AttentionBatch
from gptship.model.base import CausalLM


class ModelRunner:
    def __init__(self, model: CausalLM, num_blocks: int, block_size: int) -> None:
        self.model, self.block_size = model, block_size
        cfg = model.config
        param = next(model.parameters())
        self.device, self.dtype = param.device, param.dtype
        # one block more than the pool hands out: a scratch block that padded rows of a
        # decode graph write into, owned by no request
        self.scratch_block = num_blocks
        slots = (num_blocks + 1) * block_size
        # per layer [2 (K, V), slots, Hkv, D]; zeroed so that masked-out padding reads are finite
        self.kv_caches = [
            torch.zeros(
                2, slots, cfg.num_kv_heads, cfg.head_dim, dtype=self.dtype, device=self.device
            )
            for _ in range(cfg.num_layers)
        ]
        self.graphs: DecodeGraphs | None = None

    def use_decode_graphs(self, max_batch: int, max_model_len: int, capture: bool = True) -> None:
        """Run decode-only steps through DecodeGraphs (captured, on CUDA)."""
        max_blocks = -(-max_model_len // self.block_size)
        self.graphs = DecodeGraphs(
            self.model,
            self.kv_caches,
            self.block_size,
            max_batch,
            max_blocks,
            self.scratch_block,
            capture,
        )

    @staticmethod
    def bytes_per_block(model: CausalLM, block_size: int, dtype: torch.dtype) -> int:
        return model.config.kv_bytes_per_token(dtype) * block_size

    def run(self, batch: ScheduledBatch) -> torch.Tensor:
        """Forward the batch; float32 logits [S, vocab] of the S requests that sample."""
        if self.graphs is not None and self._decode_only(batch):
            return self.run_graphed(batch)
        return self.run_eager(batch)

    def run_graphed(self, batch: ScheduledBatch) -> torch.Tensor:
        assert self.graphs is not None
        logits = self.graphs.run(
            [r.token_at(r.num_computed_tokens) for r in batch.requests],
            [r.num_computed_tokens for r in batch.requests],
            [r.block_table for r in batch.requests],
        )
        if all(batch.sample_mask):
            return logits
        return logits[torch.tensor(batch.sample_mask, device=self.device)]

    @torch.inference_mode()
    def run_eager(self, batch: ScheduledBatch) -> torch.Tensor:
        ids: list[int] = []
        starts, ends = [], []
        for req, n in zip(batch.requests, batch.num_new_tokens, strict=True):
            start = req.num_computed_tokens
            ids.extend(req.token_ids_between(start, start + n))
            starts.append(start)
            ends.append(start + n)
        attn = self._attention_batch(batch, starts, ends)
        hidden = self.model(torch.tensor(ids, device=self.device), attn, self.kv_caches)
        last = torch.tensor(batch.num_new_tokens).cumsum(0) - 1  # each request's last token
        rows = last[torch.tensor(batch.sample_mask)].to(self.device)
        return self.model.compute_logits(hidden[rows])

    def _decode_only(self, batch: ScheduledBatch) -> bool:
        assert self.graphs is not None
        widest = max(len(r.block_table) for r in batch.requests)
        return all(n == 1 for n in batch.num_new_tokens) and self.graphs.fits(len(batch), widest)

    def _attention_batch(
        self, batch: ScheduledBatch, starts: list[int], ends: list[int]
    ) -> AttentionBatch:
        bs, dev = self.block_size, self.device
        width = max(len(r.block_table) for r in batch.requests)
        tables = torch.tensor(
            [r.block_table + [0] * (width - len(r.block_table)) for r in batch.requests],
            device=dev,
        )
        # [B, width * bs]: the slot of every position each request's blocks can hold
        key_slots = (tables[:, :, None] * bs + torch.arange(bs, device=dev)).view(len(batch), -1)
        num_new = torch.tensor(batch.num_new_tokens, device=dev)
        row = torch.repeat_interleave(torch.arange(len(batch), device=dev), num_new)
        first = torch.tensor(starts, device=dev)
        offset = torch.arange(int(num_new.sum()), device=dev) - (num_new.cumsum(0) - num_new)[row]
        slot_mapping = key_slots[row, first[row] + offset]
        return AttentionBatch.build(batch.num_new_tokens, ends, key_slots, slot_mapping)
