"""Write a model back as a Hugging Face-format directory: weights.load_weights in reverse,
through the same name map, so a model trained here is never locked into gptship."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from gptship.model.base import CausalLM


def hf_tensors(model: CausalLM, dtype: torch.dtype | None = None) -> dict[str, torch.Tensor]:
    """Checkpoint name -> tensor: fused parameters split again, GPT-2's Conv1D transposed."""
    params = dict(model.named_parameters())
    tensors = {}
    for ours, source in model.checkpoint_sources().items():
        value = params[ours].detach()
        parts = torch.split(value, list(source.sizes)) if len(source.names) > 1 else [value]
        for name, part in zip(source.names, parts, strict=True):
            part = part.t() if source.transpose else part
            tensors[name] = part.to(dtype or part.dtype, copy=True).contiguous().cpu()
    return tensors


def save_model_dir(
    model: CausalLM, out: Path, config: dict[str, Any], dtype: torch.dtype | None = None
) -> None:
    """config.json (`config`, with the dtype written) and model.safetensors into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    tensors = hf_tensors(model, dtype)
    saved = str(next(iter(tensors.values())).dtype).removeprefix("torch.")
    weights = out / "model.safetensors"
    save_file(tensors, weights, metadata={"format": "pt"})
    # safetensors creates the file 0600; give it the permissions of any other file the user
    # writes (the umask), or a server's service user could not read it
    umask = os.umask(0)
    os.umask(umask)
    weights.chmod(0o666 & ~umask)
    config = {**config, "torch_dtype": saved, "dtype": saved}
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
