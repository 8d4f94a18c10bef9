"""ModelConfig: the architecture facts gptship needs, parsed from a model's config.json.

Each architecture module turns the Hugging Face config dict into this one shape
(`parse_config` in gpt2.py / llama.py); everything downstream reads only ModelConfig.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from gptship.errors import GptshipError

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


@dataclass(frozen=True)
class ModelConfig:
    architecture: str  # the name in config.json's "architectures", e.g. "LlamaForCausalLM"
    vocab_size: int
    hidden_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int  # < num_heads means grouped-query attention
    head_dim: int
    intermediate_size: int
    max_position_embeddings: int  # the context length
    norm_eps: float
    activation: str  # hidden_act / activation_function, as HF names it
    tie_word_embeddings: bool
    dtype: torch.dtype  # the dtype the checkpoint was saved in
    qkv_bias: bool = False
    o_bias: bool = False
    mlp_bias: bool = False
    rope_theta: float = 10000.0
    # {"rope_type": "linear" | "llama3", ...}; None for plain RoPE or no RoPE (GPT-2)
    rope_scaling: dict[str, Any] | None = None
    # one entry per layer: the sliding attention window, or None for full attention
    sliding_windows: tuple[int | None, ...] = field(default=())
    bos_token_id: int | None = None
    eos_token_ids: tuple[int, ...] = ()

    def kv_bytes_per_token(self, dtype: torch.dtype | None = None) -> int:
        """Bytes of K and V cache one token occupies across all layers."""
        itemsize = (dtype or self.dtype).itemsize
        return 2 * self.num_layers * self.num_kv_heads * self.head_dim * itemsize

    def window(self, layer: int) -> int | None:
        return self.sliding_windows[layer] if self.sliding_windows else None


def read_json(path: Path, *, required: bool = True) -> dict[str, Any]:
    """Read a JSON object from `path`; a missing optional file reads as {}."""
    if not path.is_file():
        if required:
            raise GptshipError(
                f"{path}: not found; a model directory needs config.json, tokenizer.json "
                "and *.safetensors (save it with save_pretrained, or run `gptship convert`)"
            )
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GptshipError(
            f"{path}: not valid JSON ({e}); restore the file from the model export"
        ) from e
    if not isinstance(data, dict):
        raise GptshipError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


class ConfigReader:
    """Typed access to config.json fields, with errors that name the file and the field."""

    def __init__(self, raw: dict[str, Any], path: Path) -> None:
        self.raw, self.path = raw, path

    def get(self, key: str, kind: type, default: Any = None, *, required: bool = False) -> Any:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise GptshipError(
                    f"{self.path}: missing field '{key}'; re-export the model config"
                )
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise GptshipError(f"{self.path}: field '{key}' must be {kind.__name__}, got {value!r}")
        return value

    def positive(self, key: str, default: int | None = None) -> int:
        value: int = self.get(key, int, default, required=default is None)
        if value <= 0:
            raise GptshipError(f"{self.path}: field '{key}' must be positive, got {value}")
        return value

    def dtype(self) -> torch.dtype:
        name = self.raw.get("dtype") or self.raw.get("torch_dtype") or "float32"
        if name not in DTYPES:
            raise GptshipError(
                f"{self.path}: dtype '{name}' is not supported; use one of {', '.join(DTYPES)}"
            )
        return DTYPES[name]

    def token_ids(self, key: str) -> tuple[int, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        ids = value if isinstance(value, list) else [value]
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise GptshipError(f"{self.path}: field '{key}' must be a token id or a list of ids")
        return tuple(ids)

    def rope(self) -> tuple[float, dict[str, Any] | None]:
        """(rope_theta, rope_scaling) from transformers 5's `rope_parameters` or 4's fields."""
        params = self.raw.get("rope_parameters") or {}
        theta = params.get("rope_theta", self.raw.get("rope_theta", 10000.0))
        scaling = {k: v for k, v in params.items() if k != "rope_theta"} or self.raw.get(
            "rope_scaling"
        )
        if scaling is not None and not isinstance(scaling, dict):
            raise GptshipError(f"{self.path}: rope_scaling must be an object, got {scaling!r}")
        if scaling:
            scaling = dict(scaling)
            kind = scaling.get("rope_type", scaling.get("type", "default"))
            scaling["rope_type"] = kind
            if kind == "default":
                scaling = None
            elif kind not in ("linear", "llama3"):
                raise GptshipError(
                    f"{self.path}: rope scaling '{kind}' is not supported "
                    "(supported: default, linear, llama3)"
                )
        return float(theta), scaling
