"""LoRA: train a low-rank change to each projection, then merge it into the weights."""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn.utils import parametrize

from gptship.model.base import CausalLM
from gptship.model.layers import Linear


class LowRankDelta(nn.Module):
    """W -> W + (alpha / rank) * B @ A. B starts at zero: training starts from the base."""

    def __init__(self, out_features: int, in_features: int, rank: int, alpha: float) -> None:
        super().__init__()
        self.a = nn.Parameter(torch.empty(rank, in_features))
        self.b = nn.Parameter(torch.zeros(out_features, rank))
        nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
        self.scale = alpha / rank

    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        return weight + self.scale * (self.b @ self.a)


def add_lora(model: CausalLM, rank: int, alpha: float | None = None) -> list[nn.Parameter]:
    """Freeze the model and give every Linear except the LM head a LowRankDelta; returns
    the parameters to train."""
    for p in model.parameters():
        p.requires_grad_(False)
    trainable: list[nn.Parameter] = []
    for module in model.modules():
        if isinstance(module, Linear) and module is not model.lm_head:
            out_features, in_features = module.weight.shape
            delta = LowRankDelta(out_features, in_features, rank, alpha or 2.0 * rank)
            delta.to(module.weight.device)
            parametrize.register_parametrization(module, "weight", delta)
            trainable += [delta.a, delta.b]
    if not trainable:
        raise ValueError("no Linear layers to adapt")
    return trainable


def merge_lora(model: CausalLM) -> None:
    """Fold every delta into its weight: the model is a plain model again."""
    for module in model.modules():
        if parametrize.is_parametrized(module, "weight"):
            parametrize.remove_parametrizations(module, "weight", leave_parametrized=True)
