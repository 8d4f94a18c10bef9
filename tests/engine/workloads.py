"""Workloads shared by the engine tests, on CPU and on GPU."""

from __future__ import annotations

import random

from gptship.engine.reference import reference_generate
from gptship.model.base import CausalLM
from gptship.sampling import SamplingParams
from tests.engine.conftest import Arrival

GREEDY = SamplingParams(temperature=0, max_tokens=12, ignore_eos=True)


def prompts(count: int, seed: int = 0, shared_prefix: int = 0) -> list[list[int]]:
    rng = random.Random(seed)
    prefix = [rng.randrange(512) for _ in range(shared_prefix)]
    return [prefix + [rng.randrange(512) for _ in range(rng.randint(1, 40))] for _ in range(count)]


def expected(model: CausalLM, batch: list[list[int]], max_tokens: int = 12) -> list[list[int]]:
    return [reference_generate(model, p, max_tokens) for p in batch]


def arrivals_at_random_steps(
    batch: list[list[int]], params: SamplingParams, seed: int = 1
) -> dict[int, list[Arrival]]:
    rng = random.Random(seed)
    plan: dict[int, list[Arrival]] = {}
    for i, p in enumerate(batch):
        plan.setdefault(rng.randint(0, 15), []).append((f"r{i}", p, params))
    return plan
