"""safetensors checkpoints -> parameters: an explicit name map, with shape checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open

from gptship.errors import GptshipError
from gptship.model.base import CausalLM
from gptship.model.config import read_json

# checkpoint tensors that are recomputed, not loaded: rotary tables and GPT-2's causal masks
_IGNORED_SUFFIXES = (".rotary_emb.inv_freq", ".attn.bias", ".attn.masked_bias")


class Checkpoint:
    """The tensors of a model directory: model.safetensors, or shards listed by an index."""

    def __init__(self, model_dir: Path) -> None:
        index = model_dir / "model.safetensors.index.json"
        if index.is_file():
            weight_map = read_json(index).get("weight_map")
            if not isinstance(weight_map, dict) or not weight_map:
                raise GptshipError(f"{index}: no 'weight_map'; re-export the model")
            files = sorted({model_dir / f for f in weight_map.values()})
        elif (model_dir / "model.safetensors").is_file():
            files = [model_dir / "model.safetensors"]
        else:
            files = sorted(model_dir.glob("*.safetensors"))
        if not files:
            raise GptshipError(
                f"{model_dir}: no model.safetensors (or shards with model.safetensors.index.json); "
                "save the model with save_pretrained(..., safe_serialization=True)"
            )
        # what to name in an error about the set as a whole
        self.origin = index if index.is_file() else files[0] if len(files) == 1 else model_dir
        self.handles: dict[Path, Any] = {f: _open(f) for f in files}
        self.location = {name: f for f, h in self.handles.items() for name in h.keys()}  # noqa: SIM118 (not a dict)

    def __contains__(self, name: str) -> bool:
        return name in self.location

    def names(self) -> set[str]:
        return set(self.location)

    def shape(self, name: str) -> list[int]:
        return list(self.handles[self.location[name]].get_slice(name).get_shape())

    def load(self, name: str) -> torch.Tensor:
        path = self.location[name]
        try:
            return self.handles[path].get_tensor(name)  # type: ignore[no-any-return]
        except (SafetensorError, RuntimeError) as e:
            raise GptshipError(f"{path}: tensor '{name}' is unreadable ({e}); re-export it") from e

    def find(self, name: str) -> str | None:
        """`name`, or the same without its top-level prefix (base-model exports omit it)."""
        if name in self.location:
            return name
        short = name.split(".", 1)[1]
        return short if short in self.location else None


def _open(path: Path) -> Any:
    if not path.is_file():
        raise GptshipError(
            f"{path}: not found, but the shard index lists it; copy the missing shard"
        )
    try:
        return safe_open(str(path), framework="pt")
    except (SafetensorError, OSError, ValueError) as e:
        raise GptshipError(
            f"{path}: not a valid safetensors file ({e}); the copy is truncated or corrupt, "
            "copy it again from the export"
        ) from e


def plan_weights(model: CausalLM, ckpt: Checkpoint) -> list[tuple[str, list[str], bool]]:
    """Check, from the file headers alone, that the checkpoint fits `model` (which may be on
    the meta device); returns (parameter, checkpoint tensors, transpose) for each parameter."""
    params = dict(model.named_parameters())
    plan, used = [], set()
    for ours, source in model.checkpoint_sources().items():
        names = []
        for wanted in source.names:
            found = ckpt.find(wanted)
            if found is None:
                raise GptshipError(
                    f"{ckpt.origin}: tensor '{wanted}' is missing; "
                    "the weights do not match config.json (architecture or layer count)"
                )
            names.append(found)
        shapes = [ckpt.shape(n)[::-1] if source.transpose else ckpt.shape(n) for n in names]
        joined = [sum(s[0] for s in shapes), *shapes[0][1:]] if shapes[0] else []
        if any(s[1:] != shapes[0][1:] for s in shapes) or joined != list(params[ours].shape):
            listed = ", ".join(f"'{n}' {ckpt.shape(n)}" for n in names)
            raise GptshipError(
                f"{ckpt.location[names[0]]}: {listed} does not match the shape "
                f"{list(params[ours].shape)} that config.json implies; the config and weights "
                "are from different models"
            )
        plan.append((ours, names, source.transpose))
        used.update(names)
    _check_unused(ckpt, used, model.config.tie_word_embeddings)
    return plan


def load_weights(model: CausalLM, ckpt: Checkpoint) -> None:
    """Copy every parameter of `model` (already on its device) from the checkpoint."""
    params = dict(model.named_parameters())
    for ours, names, transpose in plan_weights(model, ckpt):
        parts = [ckpt.load(n) for n in names]
        if transpose:
            parts = [p.t() for p in parts]
        with torch.no_grad():
            # copy_ casts to the parameter's dtype
            params[ours].copy_(torch.cat(parts) if len(parts) > 1 else parts[0])


def _check_unused(ckpt: Checkpoint, used: set[str], tied: bool) -> None:
    unused = sorted(
        n
        for n in ckpt.names() - used
        if not n.endswith(_IGNORED_SUFFIXES) and not (tied and n.endswith("lm_head.weight"))
    )
    if unused:
        shown = ", ".join(unused[:3]) + (" ..." if len(unused) > 3 else "")
        raise GptshipError(
            f"{ckpt.location[unused[0]]}: {len(unused)} tensors that config.json does not use "
            f"({shown}); the config and weights are from different models"
        )
