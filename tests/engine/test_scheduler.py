"""Scheduler + block manager, without a model: budgets, order, preemption, invariants."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from gptship.engine.kv_cache import BlockManager
from gptship.engine.request import Request, RequestStatus
from gptship.engine.scheduler import ScheduledBatch, Scheduler
from gptship.sampling import SamplingParams

_arrivals = itertools.count()


def request(name: str, prompt_len: int, max_tokens: int = 4) -> Request:
    params = SamplingParams(temperature=0, max_tokens=max_tokens, ignore_eos=True)
    return Request(name, list(range(1, prompt_len + 1)), params, seed=0, arrival=next(_arrivals))


def scheduler(blocks: int = 64, block_size: int = 4, seqs: int = 8, budget: int = 32) -> Scheduler:
    kv = BlockManager(blocks, block_size, prefix_caching=False)
    return Scheduler(kv, seqs, budget, max_model_len=1024)


def step(s: Scheduler) -> ScheduledBatch:
    """One step with a fake model that always samples token 7."""
    batch = s.schedule()
    s.update(batch, [7] * sum(batch.sample_mask))
    return batch


def test_chunked_prefill_mixes_with_decodes_within_the_budget() -> None:
    s = scheduler(budget=10)
    a = request("a", 3)
    s.add(a)
    assert step(s).num_new_tokens == [3]
    b = request("b", 20)
    s.add(b)
    batch = step(s)
    assert batch.requests == [a, b] and batch.num_new_tokens == [1, 9]  # decode + a chunk
    assert batch.sample_mask == [True, False]
    assert step(s).num_new_tokens == [1, 9]
    batch = step(s)
    assert batch.num_new_tokens == [1, 2] and batch.sample_mask == [True, True]


def test_first_come_first_served_and_max_num_seqs() -> None:
    s = scheduler(seqs=2)
    reqs = [request(name, 2) for name in "abc"]
    for r in reqs:
        s.add(r)
    assert step(s).requests == reqs[:2]
    assert s.waiting[0] is reqs[2]
    while reqs[0].status == RequestStatus.RUNNING:
        step(s)
    assert reqs[2] in step(s).requests


def test_the_newest_running_request_is_preempted_and_resumed_first() -> None:
    s = scheduler(blocks=6, block_size=4, budget=64)
    old, new = request("old", 8, max_tokens=12), request("new", 8, max_tokens=12)
    s.add(old)
    s.add(new)
    step(s)  # both prefilled: 2 + 2 blocks + 1 each for the sampled tokens soon
    preempted_at = None
    for i in range(30):
        step(s)
        if new.num_preemptions and preempted_at is None:
            preempted_at = i
            assert old.status == RequestStatus.RUNNING and s.waiting[0] is new
    assert preempted_at is not None and old.num_preemptions == 0
    while s.has_unfinished():
        step(s)
    assert len(new.output_token_ids) == len(old.output_token_ids) == 12
    assert s.kv.num_free_blocks == 6


def test_a_preempted_request_keeps_its_output_and_recomputes() -> None:
    s = scheduler(blocks=5, block_size=4, budget=64)
    a, b = request("a", 6, max_tokens=10), request("b", 6, max_tokens=10)
    s.add(a)
    s.add(b)
    while not b.num_preemptions:
        step(s)
    kept = list(b.output_token_ids)
    assert b.num_computed_tokens == 0 and b.block_table == []
    while s.has_unfinished():
        step(s)
    assert b.output_token_ids[: len(kept)] == kept and len(b.output_token_ids) == 10


class SchedulerMachine(RuleBasedStateMachine):
    """Random adds, steps and aborts over a small pool; the bookkeeping never drifts."""

    def __init__(self) -> None:
        super().__init__()
        kv = BlockManager(num_blocks=12, block_size=4, prefix_caching=True)
        self.s = Scheduler(kv, max_num_seqs=4, max_num_batched_tokens=12, max_model_len=40)
        self.added: list[Request] = []
        self.steps = 0

    @rule(
        prompt=st.lists(st.integers(1, 3), min_size=1, max_size=20), max_tokens=st.integers(1, 12)
    )
    def add(self, prompt: list[int], max_tokens: int) -> None:
        if self.s.kv.blocks_for(len(prompt) + max_tokens) > self.s.kv.num_blocks:
            return  # the engine rejects these before they reach the scheduler
        params = SamplingParams(temperature=0, max_tokens=max_tokens, ignore_eos=True)
        req = Request(f"r{len(self.added)}", prompt, params, seed=0, arrival=len(self.added))
        self.added.append(req)
        self.s.add(req)

    @rule(token=st.integers(1, 3))
    def step(self, token: int) -> None:
        batch = self.s.schedule()
        if self.s.has_unfinished():
            assert len(batch) > 0, "work is pending but nothing was scheduled"
        assert sum(batch.num_new_tokens) <= self.s.max_num_batched_tokens
        self.s.update(batch, [token] * sum(batch.sample_mask))
        self.steps += 1

    @precondition(lambda self: self.added)
    @rule(which=st.integers(0, 1000))
    def abort(self, which: int) -> None:
        self.s.finish(self.added[which % len(self.added)], RequestStatus.FINISHED_ABORTED)

    @invariant()
    def blocks_are_accounted_for(self) -> None:
        kv = self.s.kv
        owners = Counter(b for r in self.s.running for b in r.block_table)
        assert all(not r.block_table for r in self.added if r not in self.s.running)
        for block in range(kv.num_blocks):
            assert kv.ref_counts[block] == owners[block]
            assert (block in kv.free) == (owners[block] == 0)
        for r in self.s.running:
            assert len(set(r.block_table)) == len(r.block_table), "a block owned twice"
            assert len(r.block_table) * kv.block_size >= r.num_computed_tokens

    @invariant()
    def no_request_is_lost(self) -> None:
        live = list(self.s.waiting) + self.s.running
        assert len(live) == len(set(map(id, live)))
        for r in self.added:
            assert r.status.finished or r in live
            assert (r.status == RequestStatus.RUNNING) == (r in self.s.running)
        assert len(self.s.running) <= self.s.max_num_seqs

    def teardown(self) -> None:
        """Every request finishes once adds stop: nobody starves, nothing deadlocks."""
        for _ in range(500):
            if not self.s.has_unfinished():
                break
            self.step(token=1)
        assert not self.s.has_unfinished()
        assert self.s.kv.num_free_blocks == self.s.kv.num_blocks


SchedulerMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None
)
test_scheduler_state_machine = SchedulerMachine.TestCase
