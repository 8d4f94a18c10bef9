"""What `gptship info` reports: a model directory checked and sized without loading weights."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from gptship.model.loader import (
    build_empty,
    check_vocab,
    load_config,
    model_dir_path,
    resolve_dtype,
)
from gptship.model.tokenizer import Tokenizer
from gptship.model.weights import Checkpoint, plan_weights


@dataclass(frozen=True)
class ModelSummary:
    architecture: str
    parameters: int
    checkpoint_dtype: torch.dtype
    dtype: torch.dtype  # what gptship computes in on the chosen device
    context_length: int
    vocab_size: int
    tokenizer_vocab_size: int
    has_chat_template: bool
    weight_bytes: int  # in `dtype`
    kv_bytes_per_token: int  # in `dtype`

    def sequences_that_fit(self, memory_bytes: int) -> int:
        """Concurrent full-context sequences whose KV cache fits beside the weights."""
        free = memory_bytes - self.weight_bytes
        return max(0, free // (self.kv_bytes_per_token * self.context_length))


def summarize(
    model_dir: str | Path, device: str = "cpu", dtype: str | torch.dtype | None = None
) -> ModelSummary:
    path = model_dir_path(model_dir)
    config, cls = load_config(path)
    empty = build_empty(config, cls)
    plan_weights(empty, Checkpoint(path))  # every tensor present, every shape right
    tokenizer = Tokenizer.from_dir(path)
    check_vocab(tokenizer, config, path)
    torch_dtype = resolve_dtype(dtype, config, device)
    parameters = sum(p.numel() for p in empty.parameters())
    return ModelSummary(
        architecture=config.architecture,
        parameters=parameters,
        checkpoint_dtype=config.dtype,
        dtype=torch_dtype,
        context_length=config.max_position_embeddings,
        vocab_size=config.vocab_size,
        tokenizer_vocab_size=tokenizer.vocab_size,
        has_chat_template=tokenizer.has_chat_template,
        weight_bytes=parameters * torch_dtype.itemsize,
        kv_bytes_per_token=config.kv_bytes_per_token(torch_dtype),
    )
