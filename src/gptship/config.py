"""Typed settings shared by the CLI and the server, and the parsers they need."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gptship.errors import GptshipError

_UNITS = {
    "": 1,
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}


def parse_bytes(text: str, *, what: str = "memory") -> int:
    """'8GiB', '512 MB', '1e9' -> bytes."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*", text.lower())
    if not match or match.group(2) not in _UNITS:
        raise GptshipError(f"{what} '{text}' is not a size; write it like 8GiB, 512MiB or 2GB")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def format_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


@dataclass(frozen=True)
class EngineConfig:
    """How the engine batches and caches. Every field has a default that works on a laptop."""

    device: str = "cpu"  # "cpu" or "cuda"
    dtype: str = "auto"  # auto: float32 on CPU (no fast bf16 there), the checkpoint's on GPU
    # bytes (int or "4GiB") or a fraction (0, 1] of free memory; None: enough for
    # max_num_seqs full contexts, capped at a quarter of free memory
    kv_cache_memory: int | float | str | None = None
    block_size: int = 16  # tokens per KV block: small blocks waste less, large ones gather faster
    max_num_seqs: int = 64  # sequences in the running batch
    # tokens per forward pass: bounds a step's latency; long prompts are prefilled in chunks
    max_num_batched_tokens: int = 512
    max_model_len: int | None = None  # None: the model's context length
    enable_prefix_caching: bool = True  # reuse KV blocks of identical prompt prefixes
    seed: int = 0  # seeds the engine's own draws (seeds of requests that name none)
    # on CUDA, replay decode steps from captured graphs (one launch per step, not hundreds)
    cuda_graphs: bool = True

    def __post_init__(self) -> None:
        if self.device not in ("cpu", "cuda") and not self.device.startswith("cuda:"):
            raise GptshipError(f"device '{self.device}' is not supported; use cpu or cuda")
        for name in ("block_size", "max_num_seqs", "max_num_batched_tokens"):
            if getattr(self, name) < 1:
                raise GptshipError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_model_len is not None and self.max_model_len < 2:
            raise GptshipError(f"max_model_len must be at least 2, got {self.max_model_len}")


def kv_cache_bytes(setting: int | float | str | None, available: int, wanted: int) -> int:
    """Resolve EngineConfig.kv_cache_memory against `available` free bytes."""
    if setting is None:
        return min(wanted, available // 4)
    if isinstance(setting, str):
        return parse_bytes(setting, what="kv_cache_memory")
    if isinstance(setting, float):
        if not 0 < setting <= 1:
            raise GptshipError(f"kv_cache_memory fraction must be in (0, 1], got {setting}")
        return int(available * setting)
    return setting
