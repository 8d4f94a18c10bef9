"""gptship's architectures against transformers' on the same tiny random checkpoints."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import transformers

from gptship.engine.reference import reference_generate
from gptship.model.loader import full_logits, load_model
from tests.tiny import CONFIGS, save_model

PROMPTS = [list(range(5, 45)), [300, 7, 99, 12, 5, 18, 250], [42]]


def hf_logits(model: transformers.PreTrainedModel, prompt: list[int]) -> torch.Tensor:
    with torch.no_grad():
        return model(torch.tensor([prompt])).logits[0].float()


@pytest.mark.parametrize("name", list(CONFIGS))
def test_logits_match_transformers(name: str, tmp_path: Path) -> None:
    hf = save_model(name, tmp_path, shard=name == "llama")
    if name == "llama":  # the sharded export really is sharded
        assert (tmp_path / "model.safetensors.index.json").is_file()
        assert len(list(tmp_path.glob("*.safetensors"))) > 1
    ours = load_model(tmp_path)
    # one flat batch of prompts of different lengths, no padding
    for prompt, logits in zip(PROMPTS, full_logits(ours, PROMPTS), strict=True):
        torch.testing.assert_close(logits, hf_logits(hf, prompt), atol=1e-4, rtol=0)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_greedy_generation_is_token_identical(name: str, tmp_path: Path) -> None:
    hf = save_model(name, tmp_path)
    ours = load_model(tmp_path)
    prompt = PROMPTS[1]
    expected = hf.generate(
        torch.tensor([prompt]), max_new_tokens=32, do_sample=False, eos_token_id=None
    )[0, len(prompt) :].tolist()
    assert len(expected) == 32
    assert reference_generate(ours, prompt, 32) == expected


def test_sliding_window_is_applied(tmp_path: Path) -> None:
    """Mistral's window (12) is shorter than the prompt: keys beyond it must not count."""
    save_model("mistral", tmp_path / "window")
    save_model("mistral", tmp_path / "full", sliding_window=None)
    prompt = [list(range(5, 45))]
    windowed = full_logits(load_model(tmp_path / "window"), prompt)[0]
    full = full_logits(load_model(tmp_path / "full"), prompt)[0]
    torch.testing.assert_close(windowed[:12], full[:12], atol=1e-5, rtol=0)
    assert (windowed[20:] - full[20:]).abs().max() > 1e-3


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_half_precision_checkpoints(dtype: torch.dtype, tmp_path: Path) -> None:
    save_model("llama", tmp_path, dtype=dtype)
    hf = transformers.AutoModelForCausalLM.from_pretrained(tmp_path, dtype=torch.float32)
    assert load_model(tmp_path).embed_tokens.weight.dtype == torch.float32  # CPU: auto = fp32
    logits = full_logits(load_model(tmp_path), PROMPTS)
    for prompt, got in zip(PROMPTS, logits, strict=True):
        torch.testing.assert_close(got, hf_logits(hf, prompt), atol=1e-4, rtol=0)
    # computing in the checkpoint's own dtype stays close to the float32 result
    half = load_model(tmp_path, dtype=dtype)
    assert half.embed_tokens.weight.dtype == dtype
    for got, ref in zip(full_logits(half, PROMPTS), logits, strict=True):
        assert ((got - ref).norm() / ref.norm()).item() < 0.02


def test_reference_loop_matches_full_forward(tmp_path: Path) -> None:
    """The cached loop and a no-cache forward agree: the KV cache holds the right values."""
    save_model("qwen2", tmp_path)
    model = load_model(tmp_path)
    prompt = PROMPTS[0]
    generated = reference_generate(model, prompt, 16)
    logits = full_logits(model, [prompt + generated])[0]
    assert logits[len(prompt) - 1 : -1].argmax(-1).tolist() == generated
