"""Building blocks shared by the architectures: norms, rotary embeddings, activations."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "silu": F.silu,
    "swish": F.silu,
    "relu": F.relu,
    "gelu": F.gelu,
    # GPT-2's "gelu_new" is the tanh approximation
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
}


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # normalise in float32 whatever the weights' dtype, as the reference implementations do
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * xf.to(x.dtype)


def rope_inv_freq(head_dim: int, theta: float, scaling: dict[str, Any] | None) -> torch.Tensor:
    """Inverse frequencies [head_dim // 2] of rotary embeddings, with linear or llama3 scaling."""
    # float32 throughout, as the checkpoints' training code computed it
    inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2).float() / head_dim)
    if scaling is None:
        return inv_freq
    factor = float(scaling["factor"])
    if scaling["rope_type"] == "linear":
        return inv_freq / factor
    # llama3: keep high frequencies, divide low ones by `factor`, interpolate in between
    low, high = float(scaling["low_freq_factor"]), float(scaling["high_freq_factor"])
    old_len = float(scaling["original_max_position_embeddings"])
    wavelen = 2 * math.pi / inv_freq
    smooth = (old_len / wavelen - low) / (high - low)
    blended = (1 - smooth) * inv_freq / factor + smooth * inv_freq
    scaled = torch.where(wavelen > old_len / low, inv_freq / factor, blended)
    scaled = torch.where(wavelen < old_len / high, inv_freq, scaled)
    return scaled


class RotaryEmbedding(nn.Module):
    """Rotates q and k by position (the "rotate half" layout of HF-format checkpoints)."""

    def __init__(self, head_dim: int, max_positions: int, theta: float, scaling: Any) -> None:
        super().__init__()
        self.head_dim, self.max_positions = head_dim, max_positions
        self.theta, self.scaling = theta, scaling
        self.cos = self.sin = torch.empty(0)

    def build(self, device: torch.device) -> None:
        """Fill the cos/sin tables [max_positions, head_dim // 2] in float32 on `device`."""
        pos = torch.arange(self.max_positions, dtype=torch.float32, device=device)
        inv_freq = rope_inv_freq(self.head_dim, self.theta, self.scaling).to(device)
        freqs = torch.outer(pos, inv_freq)
        self.cos, self.sin = freqs.cos(), freqs.sin()

    def forward(
        self, positions: torch.Tensor, q: torch.Tensor, k: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        # q: [T, H, D], k: [T, Hkv, D], positions: [T]
        cos = self.cos[positions].unsqueeze(1).to(q.dtype)  # [T, 1, D/2]
        sin = self.sin[positions].unsqueeze(1).to(q.dtype)
        return _rotate(q, cos, sin), _rotate(k, cos, sin)


def _rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)


class Linear(nn.Linear):
    """nn.Linear that splits CPU products over the threads where that is faster.

    MKL runs a one-row product (decoding one sequence) on one thread, and its 16-256-row
    products below the roof. Viewing the weight as one row block per thread and multiplying
    with a single `bmm` lets MKL give each thread a block: 2.9x at 1 row, 1.1-1.3x at
    16-256 rows, slower at 2-12 rows and at 512 (measured over GPT-2's matrices, cold, 2
    threads; docs/architecture.md). Same weights, no copy.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows, splits = x.shape[0], torch.get_num_threads()
        if x.is_cuda or splits < 2 or x.dim() != 2 or not (rows == 1 or 16 <= rows <= 256):
            return F.linear(x, self.weight, self.bias)
        return split_linear(x, self.weight, self.bias, splits)


def split_linear(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, splits: int
) -> torch.Tensor:
    """x @ weight.T (+ bias) as `splits` row blocks of weight in one bmm: [M, in] -> [M, out]."""
    out_features, in_features = weight.shape
    rows = out_features // splits
    even = rows * splits
    blocks = weight[:even].view(splits, rows, in_features)  # [S, out/S, in]
    xt = x.t().contiguous().unsqueeze(0).expand(splits, in_features, x.shape[0])
    y = torch.bmm(blocks, xt).view(even, x.shape[0]).t()  # [M, even]
    if even < out_features:  # the last few rows, when out_features is not a multiple
        y = torch.cat([y, F.linear(x, weight[even:])], dim=1)
    return y if bias is None else y + bias
