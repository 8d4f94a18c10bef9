"""Engine fixtures: a tiny random Llama and a helper that drives an engine step by step."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import transformers

from gptship.config import EngineConfig
from gptship.engine.engine import LLMEngine
from gptship.model.base import CausalLM
from gptship.model.loader import load_model
from gptship.sampling import SamplingParams
from tests.tiny import save_model

Arrival = tuple[str, list[int], SamplingParams]
TinyModel = tuple[CausalLM, transformers.PreTrainedModel]


@pytest.fixture(scope="module")
def tiny_llama(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[CausalLM, transformers.PreTrainedModel]:
    path: Path = tmp_path_factory.mktemp("llama")
    hf = save_model("llama", path)
    return load_model(path), hf


def make_engine(model: CausalLM, **options: Any) -> LLMEngine:
    options.setdefault("kv_cache_memory", 1 << 20)
    return LLMEngine(model, None, EngineConfig(**options))


def run(engine: LLMEngine, arrivals: dict[int, Iterable[Arrival]]) -> dict[str, list[list[int]]]:
    """Add requests at the steps given, step until all finish; token ids per sample."""
    results: dict[str, list[list[int]]] = {}
    pending = dict(arrivals)
    step = 0
    while pending or engine.has_unfinished():
        for request_id, prompt, params in pending.pop(step, ()):
            engine.add_request(request_id, prompt, params)
            results[request_id] = [[] for _ in range(params.n)]
        for out in engine.step():
            for sample in out.outputs:
                results[out.request_id][sample.index] += sample.token_ids
        step += 1
        assert step < 10_000, "the engine stopped making progress"
    assert_pool_is_empty(engine)
    return results


def assert_pool_is_empty(engine: LLMEngine) -> None:
    kv = engine.kv
    assert kv.num_free_blocks == kv.num_blocks
    assert sum(kv.ref_counts) == 0
    assert not engine.scheduler.running and not engine.scheduler.waiting and not engine.groups
