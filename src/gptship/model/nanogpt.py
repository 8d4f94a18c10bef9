"""Import a nanoGPT training checkpoint (ckpt.pt) as a Hugging Face GPT-2 directory.

The import is kept only once proven: an independent reference forward, built from the
checkpoint's own definition, and gptship's loader agree on logits within a tolerance.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from torch import nn

from gptship.errors import GptshipError
from gptship.model.loader import full_logits, load_model
from gptship.model.nanogpt_tokenizer import write_tokenizer

_REQUIRED_ARGS = ("n_layer", "n_head", "n_embd", "block_size", "vocab_size")
# Causal-mask buffers that nanoGPT saves when it runs without flash attention.
_MASK_KEY = re.compile(r"transformer\.h\.\d+\.attn\.bias")
_REFIT = "pass the ckpt.pt that nanoGPT's train.py saved"


@dataclass(frozen=True)
class ConversionReport:
    out_dir: Path
    max_abs_diff: float  # max |logits_ref - logits_gptship| on the proof tokens
    logit_scale: float  # max |logits_ref|: float32 error grows with it
    tolerance: float  # allowed max_abs_diff, per unit of max(1, logit_scale)
    num_parameters: int  # unique parameters of the checkpoint (tied embeddings counted once)


@dataclass(frozen=True)
class NanoGPTArgs:
    """The checkpoint's model_args that shape the network, plus whether lm_head is wte."""

    n_layer: int
    n_head: int
    n_embd: int
    block_size: int
    vocab_size: int
    bias: bool = True
    tied: bool = True


class _Attention(nn.Module):
    def __init__(self, a: NanoGPTArgs) -> None:
        super().__init__()
        self.n_head = a.n_head
        self.c_attn = nn.Linear(a.n_embd, 3 * a.n_embd, bias=a.bias)
        self.c_proj = nn.Linear(a.n_embd, a.n_embd, bias=a.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: [T, C]
        t, c = x.shape
        q, k, v = (z.view(t, self.n_head, -1).transpose(0, 1) for z in self.c_attn(x).split(c, -1))
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])  # [H, T, T]
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        probs = scores.masked_fill(~causal, float("-inf")).softmax(-1)
        y: torch.Tensor = self.c_proj((probs @ v).transpose(0, 1).reshape(t, c))
        return y


class _MLP(nn.Module):
    def __init__(self, a: NanoGPTArgs) -> None:
        super().__init__()
        self.c_fc = nn.Linear(a.n_embd, 4 * a.n_embd, bias=a.bias)
        self.c_proj = nn.Linear(4 * a.n_embd, a.n_embd, bias=a.bias)


class _Block(nn.Module):
    def __init__(self, a: NanoGPTArgs) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(a.n_embd, eps=1e-5, bias=a.bias)
        self.attn = _Attention(a)
        self.ln_2 = nn.LayerNorm(a.n_embd, eps=1e-5, bias=a.bias)
        self.mlp = _MLP(a)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))
        y: torch.Tensor = x + self.mlp.c_proj(F.gelu(self.mlp.c_fc(self.ln_2(x))))  # exact GELU
        return y


class _Trunk(nn.Module):
    def __init__(self, a: NanoGPTArgs) -> None:
        super().__init__()
        self.wte = nn.Embedding(a.vocab_size, a.n_embd)
        self.wpe = nn.Embedding(a.block_size, a.n_embd)
        self.h = nn.ModuleList(_Block(a) for _ in range(a.n_layer))
        self.ln_f = nn.LayerNorm(a.n_embd, eps=1e-5, bias=a.bias)


class NanoGPTReference(nn.Module):
    """nanoGPT's GPT rewritten plainly, same parameter names; one unbatched sequence."""

    def __init__(self, a: NanoGPTArgs) -> None:
        super().__init__()
        self.transformer = _Trunk(a)
        self.lm_head = nn.Linear(a.n_embd, a.vocab_size, bias=False)
        if a.tied:
            self.lm_head.weight = self.transformer.wte.weight

    def forward(self, ids: torch.Tensor) -> torch.Tensor:  # ids: [T] -> logits [T, vocab]
        t = self.transformer
        x = t.wte(ids) + t.wpe(torch.arange(ids.shape[0]))
        for block in t.h:
            x = block(x)
        y: torch.Tensor = self.lm_head(t.ln_f(x))
        return y


def convert_nanogpt(
    src: Path,
    out: Path,
    *,
    tokenizer: Path | None = None,
    force: bool = False,
    tolerance: float = 1e-4,
) -> ConversionReport:
    """Convert `src` (ckpt.pt or its directory) into an HF GPT-2 directory `out`, proven."""
    ckpt = Path(src) / "ckpt.pt" if Path(src).is_dir() else Path(src)
    out = Path(out)
    _check_out(out, ckpt, force, tolerance)
    args, state = _read_checkpoint(ckpt)
    ref = _reference(ckpt, args, state)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        bos, eos = write_tokenizer(tmp, ckpt, tokenizer, args.vocab_size, args.block_size)
        _write_model(tmp, args, state, bos, eos)
        diff, scale = _prove(ref, tmp, args)
        if not diff <= tolerance * max(1.0, scale):
            raise GptshipError(
                f"{ckpt}: parity proof failed: max |logits diff| {diff:.3g} > tolerance "
                f"{tolerance:g} x logit scale {max(1.0, scale):.3g} between the nanoGPT "
                f"reference and gptship; nothing was written "
                f"to {out} (please report this as a gptship bug)"
            )
        _install(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    params = sum(p.numel() for p in ref.parameters())
    return ConversionReport(out, diff, scale, tolerance, params)


def _check_out(out: Path, ckpt: Path, force: bool, tolerance: float) -> None:
    if not tolerance >= 0:
        raise GptshipError(f"tolerance must be a number >= 0, got {tolerance}; fix --tolerance")
    if not ckpt.is_file():
        raise GptshipError(f"{ckpt}: no such checkpoint file; {_REFIT} (or its directory)")
    if out.exists() and not out.is_dir():
        raise GptshipError(f"{out}: exists and is not a directory; choose another output path")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise GptshipError(f"{out}: output directory is not empty; pass --force to replace it")
        if ckpt.resolve().is_relative_to(out.resolve()):
            raise GptshipError(f"{out}: holds the checkpoint {ckpt}; choose another output path")


def _read_checkpoint(ckpt: Path) -> tuple[NanoGPTArgs, dict[str, torch.Tensor]]:
    try:  # weights_only: unpickle tensors and plain data, never arbitrary code
        raw = torch.load(ckpt, map_location="cpu", weights_only=True)
    except Exception as exc:
        why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise GptshipError(f"{ckpt}: unreadable with safe torch.load ({why}); {_REFIT}") from None
    if not isinstance(raw, dict) or not {"model_args", "model"} <= raw.keys():
        raise GptshipError(f"{ckpt}: no 'model_args' and 'model' keys, not nanoGPT's; {_REFIT}")
    model = raw["model"]
    if not isinstance(model, dict) or not all(isinstance(v, torch.Tensor) for v in model.values()):
        raise GptshipError(f"{ckpt}: 'model' is not a state dict of tensors; {_REFIT}")
    state = {k.removeprefix("_orig_mod."): v for k, v in model.items()}
    state = {k: v for k, v in state.items() if not _MASK_KEY.fullmatch(k)}
    return _parse_args(ckpt, raw["model_args"], state), state


def _parse_args(ckpt: Path, margs: Any, state: dict[str, torch.Tensor]) -> NanoGPTArgs:
    if not isinstance(margs, dict):
        raise GptshipError(f"{ckpt}: 'model_args' is not a dict; {_REFIT}")
    for name in _REQUIRED_ARGS:
        if type(margs.get(name)) is not int or margs[name] <= 0:
            raise GptshipError(
                f"{ckpt}: model_args['{name}'] must be a positive int, got "
                f"{margs.get(name)!r}; fix model_args in the checkpoint"
            )
    if margs["n_embd"] % margs["n_head"]:
        raise GptshipError(f"{ckpt}: model_args n_embd is not a multiple of n_head; fix model_args")
    wte, head = state.get("transformer.wte.weight"), state.get("lm_head.weight")
    tied = wte is None or head is None or torch.equal(wte, head)
    sizes = {name: margs[name] for name in _REQUIRED_ARGS}
    return NanoGPTArgs(**sizes, bias=bool(margs.get("bias", True)), tied=tied)


def _reference(ckpt: Path, args: NanoGPTArgs, state: dict[str, torch.Tensor]) -> NanoGPTReference:
    ref = NanoGPTReference(args)
    expected = set(ref.state_dict())
    missing, extra = sorted(expected - state.keys()), sorted(state.keys() - expected)
    if missing or extra:
        raise GptshipError(
            f"{ckpt}: state dict does not match model_args (missing {missing[:3]}, unexpected "
            f"{extra[:3]}); check that model_args and weights come from the same run"
        )
    try:
        ref.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    except RuntimeError as exc:
        why = " ".join(str(exc).split())[:300]
        raise GptshipError(
            f"{ckpt}: weights do not fit model_args ({why}); fix model_args"
        ) from None
    return ref.eval()


def _hf_state_dict(state: dict[str, torch.Tensor], args: NanoGPTArgs) -> dict[str, torch.Tensor]:
    """nanoGPT names, nn.Linear [out, in] -> HF GPT-2 names, Conv1D [in, out]; zero biases."""
    out = {k: state[k] for k in ("transformer.wte.weight", "transformer.wpe.weight")}
    if not args.tied:
        out["lm_head.weight"] = state["lm_head.weight"]
    layers = [f"transformer.h.{i}." for i in range(args.n_layer)]
    linears = [
        p + n for p in layers for n in ("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj")
    ]
    norms = [p + n for p in layers for n in ("ln_1", "ln_2")] + ["transformer.ln_f"]
    for name in linears + norms:
        weight = state[f"{name}.weight"]
        out[f"{name}.weight"] = weight.t() if name in linears else weight
        zeros = torch.zeros(weight.shape[0], dtype=weight.dtype)
        out[f"{name}.bias"] = state.get(f"{name}.bias", zeros)
    return {k: v.contiguous() for k, v in out.items()}


def _write_model(
    tmp: Path, args: NanoGPTArgs, state: dict[str, torch.Tensor], bos: int | None, eos: int | None
) -> None:
    tensors = _hf_state_dict(state, args)
    dtype = str(tensors["transformer.wte.weight"].dtype).removeprefix("torch.")
    save_file(tensors, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": args.vocab_size,
        "n_positions": args.block_size,
        "n_ctx": args.block_size,
        "n_embd": args.n_embd,
        "n_layer": args.n_layer,
        "n_head": args.n_head,
        "activation_function": "gelu",  # exact GELU as nanoGPT, not GPT-2's tanh "gelu_new"
        "layer_norm_epsilon": 1e-5,
        "tie_word_embeddings": args.tied,
        "bos_token_id": bos,
        "eos_token_id": eos,
        "dtype": dtype,
        "torch_dtype": dtype,  # the pre-5.0 transformers spelling
    }
    _write_json(tmp / "config.json", config)
    if not (tmp / "generation_config.json").exists():
        _write_json(tmp / "generation_config.json", {"bos_token_id": bos, "eos_token_id": eos})


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _proof_tokens(args: NanoGPTArgs) -> list[list[int]]:
    longest = min(args.block_size, 64)
    gen = torch.Generator().manual_seed(0)
    lengths = sorted({longest, max(1, longest // 2), max(1, longest // 3 - 1), 1}, reverse=True)
    return [torch.randint(args.vocab_size, (n,), generator=gen).tolist() for n in lengths]


def _prove(ref: NanoGPTReference, model_dir: Path, args: NanoGPTArgs) -> tuple[float, float]:
    """(max |reference - gptship|, max |reference|) over float32 logits of a few sequences;
    the difference is inf when shapes disagree or gptship produced NaN."""
    tokens = _proof_tokens(args)
    with torch.no_grad():
        expected = torch.cat([ref(torch.tensor(ids)) for ids in tokens])
        got = torch.cat(full_logits(load_model(model_dir, device="cpu", dtype=None), tokens))
    scale = expected.abs().max().item()
    if got.shape != expected.shape:
        return math.inf, scale
    diff = (got - expected).abs().max().item()
    return (math.inf if math.isnan(diff) else diff), scale


def _install(tmp: Path, out: Path) -> None:
    """Move the proven directory into place; a non-empty `out` (force) is swapped out first."""
    if out.is_dir() and any(out.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.replace(out, old / "dir")
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)  # POSIX rename replaces an empty directory atomically
