"""Decode steps replayed from CUDA graphs.

A decode step of a small model is a few hundred short kernels; launched one by one from
Python, the GPU waits on the CPU. A CUDA graph records the whole forward once and replays
it with one launch. A graph fixes its shapes, so one graph is captured per bucket of
(batch size, key width in blocks); a step is padded up to the smallest bucket that holds
it. Padding rows write their K/V into a scratch block no request owns and attend to it
alone; padding columns of real rows are masked by their context length.

The graphs read three static inputs, copied in with one host-to-device copy per step:
token ids, positions, and block tables. Everything else (slots, masks) is derived inside
the graph.
"""

from __future__ import annotations

import logging
import time

import torch

from gptship.model.attention import AttentionBatch
from gptship.model.base import CausalLM

log = logging.getLogger(__name__)


def batch_buckets(max_batch: int) -> list[int]:
    """1, 2, 4, 8, then steps of at most a quarter (multiples of 8), and `max_batch`."""
    sizes, b = [], 1
    while b < max_batch:
        sizes.append(b)
        b = b * 2 if b < 8 else b + max(8, b // 4 // 8 * 8)
    return [*sizes, max_batch]


def width_buckets(max_blocks: int) -> list[int]:
    """Powers of two below `max_blocks`, then `max_blocks`."""
    widths, w = [], 1
    while w < max_blocks:
        widths.append(w)
        w *= 2
    return [*widths, max_blocks]


class DecodeGraphs:
    """Decode forward passes of up to `max_batch` sequences of up to `max_blocks` blocks.

    `capture=False` runs the same padded, static-buffer forward eagerly: it is how the CPU
    test suite checks everything here except the capture itself."""

    def __init__(
        self,
        model: CausalLM,
        kv_caches: list[torch.Tensor],
        block_size: int,
        max_batch: int,
        max_blocks: int,
        scratch_block: int,
        capture: bool = True,
    ) -> None:
        self.model, self.kv_caches, self.block_size = model, kv_caches, block_size
        self.scratch_block = scratch_block
        self.batch_sizes, self.widths = batch_buckets(max_batch), width_buckets(max_blocks)
        device = kv_caches[0].device
        # one row per sequence: [token id, position, block table ...]
        self.inputs = torch.zeros(max_batch, 2 + max_blocks, dtype=torch.int64, device=device)
        self._host = torch.zeros_like(self.inputs, device="cpu")
        if device.type == "cuda":
            self._host = self._host.pin_memory()
        self.graphs: dict[tuple[int, int], torch.cuda.CUDAGraph] = {}
        self.logits: dict[tuple[int, int], torch.Tensor] = {}
        self.runs = self.replays = 0  # decode steps run here; those replayed from a graph
        if capture:
            self._capture_all()

    def fits(self, batch_size: int, blocks: int) -> bool:
        return batch_size <= self.batch_sizes[-1] and blocks <= self.widths[-1]

    @torch.inference_mode()
    def run(
        self, token_ids: list[int], positions: list[int], block_tables: list[list[int]]
    ) -> torch.Tensor:
        """float32 logits [B, vocab] of B decoding sequences. A view of the graph's output:
        read it before the next call."""
        n = len(token_ids)
        b = next(s for s in self.batch_sizes if s >= n)
        w = next(s for s in self.widths if s >= max(len(t) for t in block_tables))
        pad = self.scratch_block
        rows = [
            [t, p, *table, *[pad] * (w - len(table))]
            for t, p, table in zip(token_ids, positions, block_tables, strict=True)
        ]
        rows += [[0, 0, *[pad] * w]] * (b - n)  # padding rows: token 0 at position 0
        host = self._host[:b, : 2 + w]
        host.copy_(torch.tensor(rows))
        self.inputs[:b, : 2 + w].copy_(host, non_blocking=True)
        self.runs += 1
        graph = self.graphs.get((b, w))
        if graph is None:
            return self._forward(b, w)[:n]
        graph.replay()
        self.replays += 1
        return self.logits[(b, w)][:n]

    def _forward(self, b: int, w: int) -> torch.Tensor:
        bs = self.block_size
        ids, positions, tables = self.inputs[:b, 0], self.inputs[:b, 1], self.inputs[:b, 2 : 2 + w]
        offsets = torch.arange(bs, device=tables.device)
        key_slots = (tables[:, :, None] * bs + offsets).view(b, w * bs)
        slot_mapping = key_slots.gather(1, positions[:, None]).squeeze(1)
        batch = AttentionBatch.decode(positions, slot_mapping, key_slots)
        hidden = self.model(ids, batch, self.kv_caches)
        return self.model.compute_logits(hidden)

    @torch.inference_mode()
    def _capture_all(self) -> None:
        start = time.perf_counter()
        # padding everywhere: every capture writes only into the scratch block
        self.inputs[:, 0:2] = 0
        self.inputs[:, 2:] = self.scratch_block
        # warm up outside any graph (cuBLAS handles, workspaces), on a side stream as the
        # CUDA graph documentation asks
        stream = torch.cuda.Stream()  # type: ignore[no-untyped-call]
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(2):
                self._forward(self.batch_sizes[-1], self.widths[-1])
        torch.cuda.current_stream().wait_stream(stream)
        pool = torch.cuda.graph_pool_handle()
        # largest first, so that the smaller graphs fit in memory the pool already holds
        for b in reversed(self.batch_sizes):
            for w in reversed(self.widths):
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph, pool=pool):
                    self.logits[(b, w)] = self._forward(b, w)
                self.graphs[(b, w)] = graph
        torch.cuda.synchronize()
        log.info(
            "captured %d decode CUDA graphs (batch up to %d, up to %d keys) in %.1f s",
            len(self.graphs),
            self.batch_sizes[-1],
            self.widths[-1] * self.block_size,
            time.perf_counter() - start,
        )
