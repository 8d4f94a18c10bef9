"""Load a Hugging Face-format model directory: config, weights, tokenizer."""

from __future__ import annotations

from pathlib import Path

import torch

from gptship.errors import GptshipError
from gptship.model.attention import AttentionBatch
from gptship.model.base import CausalLM
from gptship.model.config import DTYPES, ConfigReader, ModelConfig, read_json
from gptship.model.layers import RotaryEmbedding
from gptship.model.registry import ARCHITECTURES
from gptship.model.tokenizer import Tokenizer
from gptship.model.weights import Checkpoint, load_weights


def model_dir_path(model_dir: str | Path) -> Path:
    path = Path(model_dir)
    if not path.is_dir():
        raise GptshipError(
            f"{path}: no such model directory; pass a directory holding config.json, "
            "tokenizer.json and *.safetensors"
        )
    return path


def load_config(model_dir: str | Path) -> tuple[ModelConfig, type[CausalLM]]:
    path = model_dir_path(model_dir) / "config.json"
    reader = ConfigReader(read_json(path), path)
    archs = reader.get("architectures", list, [])
    known = [a for a in archs if a in ARCHITECTURES]
    if not known:
        raise GptshipError(
            f"{path}: architecture {archs or '(none)'} is not supported; "
            f"supported: {', '.join(ARCHITECTURES)}"
        )
    cls = ARCHITECTURES[known[0]]
    return cls.parse_config(reader, known[0]), cls


def resolve_dtype(dtype: str | torch.dtype | None, config: ModelConfig, device: str) -> torch.dtype:
    """None / "auto": on CPU float32, as bf16/fp16 matmuls are orders of magnitude slower
    than float32 on CPUs without native support; on GPU the checkpoint's half dtype, and
    bfloat16 for a float32 checkpoint (half the bytes per token; float16 where the GPU has
    no bfloat16)."""
    if dtype is None or dtype == "auto":
        if torch.device(device).type != "cuda":
            return torch.float32
        if config.dtype in (torch.bfloat16, torch.float16):
            return config.dtype
        old_gpu = torch.cuda.is_available() and not torch.cuda.is_bf16_supported()
        return torch.float16 if old_gpu else torch.bfloat16
    if isinstance(dtype, torch.dtype):
        return dtype
    if dtype not in DTYPES:
        raise GptshipError(f"dtype '{dtype}' is not supported; use auto, {', '.join(DTYPES)}")
    return DTYPES[dtype]


def build_empty(config: ModelConfig, cls: type[CausalLM]) -> CausalLM:
    """The module tree with no storage behind it: for counting parameters and loading."""
    with torch.device("meta"):
        return cls(config)


def load_model(
    model_dir: str | Path, device: str = "cpu", dtype: str | torch.dtype | None = None
) -> CausalLM:
    config, cls = load_config(model_dir)
    if torch.device(device).type == "cuda" and not torch.cuda.is_available():
        raise GptshipError(
            f"device {device}: torch {torch.__version__} sees no CUDA GPU (no GPU, no driver, "
            "or a CPU-only torch build); use device cpu"
        )
    ckpt = Checkpoint(model_dir_path(model_dir))
    torch_dtype = resolve_dtype(dtype, config, device)
    model = build_empty(config, cls).to_empty(device=device).to(torch_dtype)
    model.tie_weights()
    load_weights(model, ckpt)
    for module in model.modules():
        if isinstance(module, RotaryEmbedding):
            module.build(torch.device(device))
    return model.eval()


def load(
    model_dir: str | Path, device: str = "cpu", dtype: str | torch.dtype | None = None
) -> tuple[CausalLM, Tokenizer]:
    """The model and its tokenizer, checked against each other."""
    tokenizer = Tokenizer.from_dir(model_dir_path(model_dir))
    model = load_model(model_dir, device, dtype)
    check_vocab(tokenizer, model.config, Path(model_dir))
    return model, tokenizer


def check_vocab(tokenizer: Tokenizer, config: ModelConfig, model_dir: Path) -> None:
    if tokenizer.vocab_size > config.vocab_size:
        raise GptshipError(
            f"{model_dir / 'tokenizer.json'}: {tokenizer.vocab_size} tokens, but the "
            f"embedding has only {config.vocab_size} rows (config.json vocab_size); "
            "use the tokenizer the model was trained with"
        )


@torch.inference_mode()
def full_logits(model: CausalLM, token_lists: list[list[int]]) -> list[torch.Tensor]:
    """Logits [len, vocab] at every position of each sequence: one no-cache prefill."""
    device = next(model.parameters()).device
    lens = [len(t) for t in token_lists]
    ids = torch.tensor([i for t in token_lists for i in t], device=device)
    hidden = model(ids, AttentionBatch.prefill(lens, device))
    return list(torch.split(model.compute_logits(hidden), lens))
