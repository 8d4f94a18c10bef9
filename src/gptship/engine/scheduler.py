"""Continuous batching by token budget.

Every step closes, for each request, the gap between the tokens it knows (prompt + output)
and the tokens whose K/V are computed. A decode is a gap of one; a prompt is a long gap,
closed in chunks when the step's token budget is smaller. So chunked prefill, prefix-cache
hits (the gap starts later) and recompute after preemption (the gap starts at 0 again) all
fall out of one rule.

Running requests go first, oldest first; then waiting ones, first come first served. When
the pool is out of blocks, the newest running request is preempted: its blocks are freed
and it waits at the head of the queue to be recomputed. The oldest request therefore always
progresses, and every request fits the pool on its own (checked at admission), so no
request is starved and the engine never deadlocks.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from gptship.engine.kv_cache import BlockManager
from gptship.engine.request import Request, RequestStatus
from gptship.engine.stop import check_stop


@dataclass
class ScheduledBatch:
    """The one thing the runner receives: which requests run, with how many new tokens."""

    requests: list[Request]
    num_new_tokens: list[int]
    # which requests sample a token: their chunk reaches the end of their known tokens
    sample_mask: list[bool]

    def __len__(self) -> int:
        return len(self.requests)


class Scheduler:
    def __init__(
        self,
        kv: BlockManager,
        max_num_seqs: int,
        max_num_batched_tokens: int,
        max_model_len: int,
        stop_ids: Collection[int] = (),  # the model's end-of-sequence ids
    ) -> None:
        self.kv = kv
        self.stop_ids = frozenset(stop_ids)
        self.max_num_seqs = max_num_seqs
        self.max_num_batched_tokens = max_num_batched_tokens
        self.max_model_len = max_model_len
        self.waiting: deque[Request] = deque()
        self.running: list[Request] = []

    def add(self, req: Request) -> None:
        self.waiting.append(req)

    def has_unfinished(self) -> bool:
        return bool(self.waiting or self.running)

    def schedule(self) -> ScheduledBatch:
        budget = self.max_num_batched_tokens
        scheduled: dict[Request, int] = {}
        preempted = False
        i = 0
        while i < len(self.running) and budget > 0:
            req = self.running[i]
            n = min(req.num_tokens - req.num_computed_tokens, budget)
            while not self.kv.allocate(req, n):
                victim = self.running.pop()  # the newest; never one scheduled before req
                self._preempt(victim)
                preempted = True
                if victim is req:
                    break
            else:
                scheduled[req] = n
                budget -= n
                i += 1
        # after a preemption the pool is tight: admitting newcomers would only thrash it
        while self.waiting and budget > 0 and not preempted:
            if len(self.running) >= self.max_num_seqs:
                break
            req = self.waiting[0]
            if req.wait_for is not None and not _prefilled(req.wait_for):
                break  # first come, first served: nobody overtakes it
            cached = self.kv.cached_prefix(req)
            n = min(req.num_tokens - len(cached) * self.kv.block_size, budget)
            if not self.kv.allocate(req, n, cached):
                break
            self.waiting.popleft()
            req.status = RequestStatus.RUNNING
            if req.first_scheduled is None:
                req.first_scheduled = time.monotonic()
            self.running.append(req)
            scheduled[req] = n
            budget -= n
        mask = [r.num_computed_tokens + n == r.num_tokens for r, n in scheduled.items()]
        return ScheduledBatch(list(scheduled), list(scheduled.values()), mask)

    def update(
        self,
        batch: ScheduledBatch,
        sampled: list[int],
        stop_strings: Sequence[str | None] = (),
    ) -> None:
        """Advance the batch by its computed tokens; append `sampled` (one per sampling
        request, in batch order) and finish the requests that check_stop ends, given the stop
        string (if any) that each sampled token's text completed."""
        tokens, strings = iter(sampled), iter(stop_strings)
        for req, n, samples_token in zip(
            batch.requests, batch.num_new_tokens, batch.sample_mask, strict=True
        ):
            req.num_computed_tokens += n
            self.kv.commit(req)
            if not samples_token:
                continue
            token = next(tokens)
            req.output_token_ids.append(token)
            status = check_stop(req, token, next(strings, None), self.stop_ids, self.max_model_len)
            if status is not None:
                self.finish(req, status)

    def finish(self, req: Request, status: RequestStatus) -> None:
        """End a request (stop, length, abort) wherever it is, returning its blocks."""
        if req.status.finished:
            return
        if req.status == RequestStatus.RUNNING:
            self.running.remove(req)
        else:
            self.waiting.remove(req)
        req.status = status
        self.kv.free_blocks(req)

    def _preempt(self, req: Request) -> None:
        self.kv.free_blocks(req)
        self.kv.stats.preemptions += 1
        req.status = RequestStatus.WAITING
        req.num_computed_tokens = 0
        req.num_preemptions += 1
        self.waiting.appendleft(req)


def _prefilled(req: Request) -> bool:
    return req.status.finished or bool(req.output_token_ids)
