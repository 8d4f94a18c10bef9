"""The engine on a CUDA GPU: captured decode graphs, half precision, the KV pool sized from
free GPU memory. Skipped where torch sees no GPU (CI); run on a GPU machine with
`python -m pytest tests/gpu`."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from gptship import LLM, SamplingParams
from gptship.config import EngineConfig
from gptship.engine.engine import LLMEngine
from gptship.model.loader import load_model
from tests.engine.conftest import run
from tests.engine.workloads import GREEDY, arrivals_at_random_steps, expected, prompts
from tests.tiny import make_model_dir, save_model

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


@pytest.fixture(scope="module", params=["llama", "gpt2", "mistral"])
def model_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp(request.param)
    save_model(request.param, path)
    return path


def engine_for(model_dir: Path, dtype: str, **options: object) -> LLMEngine:
    model = load_model(model_dir, "cuda", dtype)
    options = {"kv_cache_memory": 1 << 22, "max_num_seqs": 16, **options}
    config = EngineConfig(device="cuda", **options)  # type: ignore[arg-type]
    return LLMEngine(model, None, config)


@pytest.mark.parametrize("cuda_graphs", [True, False])
def test_greedy_float32_matches_the_reference_loop(model_dir: Path, cuda_graphs: bool) -> None:
    engine = engine_for(
        model_dir, "float32", cuda_graphs=cuda_graphs, block_size=4, max_num_batched_tokens=24
    )
    graphs = engine.runner.graphs
    assert (graphs is not None and len(graphs.graphs) > 0) == cuda_graphs
    batch = prompts(12, seed=6, shared_prefix=10)
    got = run(engine, arrivals_at_random_steps(batch, GREEDY, seed=3))
    # the reference loop on the same GPU, one sequence, no batching, no graphs
    assert [got[f"r{i}"][0] for i in range(len(batch))] == expected(engine.model, batch)
    if graphs is not None:
        assert graphs.replays > 0 and graphs.replays == graphs.runs


def decode_logits(engine: LLMEngine, batch: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Logits of one decode step of `batch`, replayed from a graph and run eagerly."""
    for i, prompt in enumerate(batch):
        engine.add_request(str(i), prompt, SamplingParams(max_tokens=4, ignore_eos=True))
    engine.step()  # every prompt in one prefill
    step = engine.scheduler.schedule()
    assert list(step.num_new_tokens) == [1] * len(batch)
    graphed = engine.runner.run(step).clone()
    return graphed, engine.runner.run_eager(step)


def test_auto_is_bfloat16_and_close_to_float32(model_dir: Path) -> None:
    half = engine_for(model_dir, "auto")
    assert half.runner.kv_caches[0].dtype == torch.bfloat16
    assert next(half.model.parameters()).dtype == torch.bfloat16
    batch = prompts(5, seed=8)
    graphed, eager = decode_logits(half, batch)
    assert half.runner.graphs is not None and half.runner.graphs.replays == 1
    full, _ = decode_logits(engine_for(model_dir, "float32"), batch)
    scale = full.abs().max().item()
    # bfloat16 keeps 8 bits of mantissa: a few parts in a thousand per op, over two layers
    assert (graphed - eager).abs().max().item() <= 0.02 * scale
    assert (graphed - full).abs().max().item() <= 0.05 * scale


def test_kv_pool_from_a_fraction_of_free_gpu_memory(model_dir: Path) -> None:
    free = torch.cuda.mem_get_info()[0]
    engine = engine_for(model_dir, "auto", kv_cache_memory=0.01)
    block = engine.config.block_size * engine.model.config.kv_bytes_per_token(torch.bfloat16)
    pool = (engine.kv.num_blocks + 1) * block  # the pool and the runner's scratch block
    assert 0.0095 * free <= pool <= 0.0101 * free


def test_offline_api_on_cuda(tmp_path: Path) -> None:
    make_model_dir("llama", tmp_path)
    llm = LLM(tmp_path, device="cuda", kv_cache_memory="64MiB")
    (out,) = llm.generate(["The quick brown fox"], SamplingParams(max_tokens=8, ignore_eos=True))
    assert len(out.outputs[0].token_ids) == 8 and out.outputs[0].finish_reason == "length"
    assert out.outputs[0].text
