"""Tiny random models, built with transformers and saved the way users' exports are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
import transformers

from tests.tiny_tokenizer import save_tiny_tokenizer

VOCAB = 512

# one tiny config per architecture family we serve, with the features worth covering
CONFIGS: dict[str, tuple[str, dict[str, Any]]] = {
    "gpt2": (
        "GPT2Config",
        dict(n_embd=64, n_layer=2, n_head=4, n_positions=128, bos_token_id=None, eos_token_id=None),
    ),
    "llama": (
        "LlamaConfig",
        dict(
            hidden_size=64,
            intermediate_size=96,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=256,
            rope_theta=500000.0,
            rope_scaling={
                "rope_type": "llama3",
                "factor": 8.0,
                "low_freq_factor": 1.0,
                "high_freq_factor": 4.0,
                "original_max_position_embeddings": 32,
            },
        ),
    ),
    "llama-linear-tied": (
        "LlamaConfig",
        dict(
            hidden_size=64,
            intermediate_size=96,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=4,
            max_position_embeddings=256,
            rope_scaling={"rope_type": "linear", "factor": 2.0},
            tie_word_embeddings=True,
            attention_bias=True,
            mlp_bias=True,
        ),
    ),
    "mistral": (
        "MistralConfig",
        dict(
            hidden_size=64,
            intermediate_size=96,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=1,
            head_dim=16,
            max_position_embeddings=256,
            sliding_window=12,
        ),
    ),
    "qwen2": (
        "Qwen2Config",
        dict(
            hidden_size=64,
            intermediate_size=96,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=256,
            tie_word_embeddings=True,
        ),
    ),
}


def hf_model(name: str, seed: int = 0, **overrides: Any) -> transformers.PreTrainedModel:
    config_cls, kwargs = CONFIGS[name]
    config = getattr(transformers, config_cls)(**{"vocab_size": VOCAB, **kwargs, **overrides})
    torch.manual_seed(seed)
    model = transformers.AutoModelForCausalLM.from_config(config)
    with torch.no_grad():  # random init is tiny; widen it so logits actually differ per token
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    return model.eval()


def make_model_dir(
    name: str, path: Path, *, chat_template: str | None = None, **kw: Any
) -> transformers.PreTrainedModel:
    """A complete model directory: tiny random weights plus the tiny tokenizer (bos 0, eos 1)."""
    model = save_model(name, path, bos_token_id=0, eos_token_id=1, **kw)
    save_tiny_tokenizer(path, chat_template=chat_template)
    return model


def save_model(
    name: str, path: Path, *, dtype: torch.dtype = torch.float32, shard: bool = False, **kw: Any
) -> transformers.PreTrainedModel:
    model = hf_model(name, **kw)
    model.to(dtype).save_pretrained(path, max_shard_size="40KB" if shard else "1GB")
    return model.float()
