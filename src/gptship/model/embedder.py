"""Sentence embeddings: `Embedder.from_dir(path).embed(texts) -> [N, D]`.

A sentence-transformers directory says how its token vectors become one vector per text:
modules.json lists the modules (Transformer, Pooling, Normalize) and the Pooling module's
config.json the mode. A plain BertModel directory gets what all-MiniLM-L6-v2 uses: mean
pooling over the real tokens, then L2 normalisation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

from gptship.errors import GptshipError
from gptship.model.bert import Bert, load_bert
from gptship.model.config import DTYPES, read_json
from gptship.model.tokenizer import Tokenizer

_TRANSFORMER = "sentence_transformers.models.Transformer"
_POOLING = "sentence_transformers.models.Pooling"
_NORMALIZE = "sentence_transformers.models.Normalize"
_MODES = {
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_cls_token": "cls",
    "pooling_mode_max_tokens": "max",
}
# rows x longest text of one forward pass: bounds the activations of a large request
BATCH_TOKENS = 16384


class InvalidInput(GptshipError):
    """Text (or token list) `index` cannot be embedded: `reason`."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"text {index} {reason}")
        self.index, self.reason = index, reason


class InputTooLong(InvalidInput):
    """Text `index` has `tokens` tokens; the model reads at most `limit`."""

    def __init__(self, index: int, tokens: int, limit: int) -> None:
        super().__init__(
            index,
            f"has {tokens} tokens, but the model reads at most {limit} "
            "(max_position_embeddings); shorten it or pass truncate=True",
        )
        self.tokens, self.limit = tokens, limit


@dataclass(frozen=True)
class Pooling:
    mode: str = "mean"  # "mean" over real tokens, "cls" (the first token), or "max"
    normalize: bool = True  # L2: cosine similarity is then a dot product
    encoder_dir: str = ""  # where modules.json puts the encoder, relative to the directory

    @staticmethod
    def read(model_dir: Path) -> Pooling:
        """From modules.json and the Pooling module's config.json; the default without them."""
        path = model_dir / "modules.json"
        if not path.is_file():
            return Pooling()
        modules = _read_modules(path)
        kinds = [m.get("type") for m in modules]
        unknown = [k for k in kinds if k not in (_TRANSFORMER, _POOLING, _NORMALIZE)]
        if unknown or kinds.count(_POOLING) != 1 or kinds.count(_TRANSFORMER) != 1:
            raise GptshipError(
                f"{path}: modules {kinds} are not supported; gptship embeds with one "
                "Transformer, one Pooling and an optional Normalize module"
            )
        paths = {m["type"]: str(m.get("path", "")) for m in modules}
        pooling_path = model_dir / paths[_POOLING] / "config.json"
        config = read_json(pooling_path)
        modes = [mode for key, mode in _MODES.items() if config.get(key) is True]
        others = [k for k, v in config.items() if k.startswith("pooling_mode_") and v is True]
        if len(modes) != 1 or len(others) != 1:
            raise GptshipError(
                f"{pooling_path}: pooling {others or '(none)'} is not supported; set exactly "
                f"one of {', '.join(_MODES)} true"
            )
        return Pooling(modes[0], _NORMALIZE in kinds, paths[_TRANSFORMER])


def _read_modules(path: Path) -> list[dict[str, Any]]:
    try:
        modules = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise GptshipError(f"{path}: not valid JSON ({e}); restore it from the export") from e
    if not isinstance(modules, list) or not all(isinstance(m, dict) for m in modules):
        raise GptshipError(f"{path}: expected a list of modules, as sentence-transformers saves")
    return modules


def pool(hidden: torch.Tensor, mask: torch.Tensor, mode: str) -> torch.Tensor:
    """hidden [B, L, D], mask [B, L] (True at real tokens) -> [B, D]."""
    if mode == "cls":
        return hidden[:, 0]
    keep = mask.unsqueeze(-1)
    if mode == "max":
        return hidden.masked_fill(~keep, torch.finfo(hidden.dtype).min).amax(1)
    return (hidden * keep).sum(1) / keep.sum(1).clamp(min=1)


class Embedder:
    """An encoder, its tokenizer and its pooling: texts (or token ids) in, vectors out.

    Not thread-safe: a server runs it on one worker thread."""

    def __init__(self, model: Bert, tokenizer: Tokenizer, pooling: Pooling) -> None:
        self.model, self.tokenizer, self.pooling = model, tokenizer, pooling
        self.dimension = model.config.hidden_size
        self.max_tokens = model.config.max_position_embeddings
        self.vocab_size = model.config.vocab_size
        self._device = model.word_embeddings.weight.device
        # a copy of the tokenizer that truncates (keeping [CLS] and [SEP]), for truncate=True
        self._truncating = tokenizer.backend.from_str(tokenizer.backend.to_str())
        self._truncating.enable_truncation(self.max_tokens)

    @classmethod
    def from_dir(
        cls, model_dir: str | Path, device: str = "cpu", dtype: str | torch.dtype | None = None
    ) -> Embedder:
        """`dtype` None / "auto": the checkpoint's dtype on GPU, float32 on CPU."""
        path = Path(model_dir)
        if not path.is_dir():
            raise GptshipError(f"{path}: no such embedding model directory")
        if torch.device(device).type == "cuda" and not torch.cuda.is_available():
            raise GptshipError(f"device {device}: torch sees no CUDA GPU; use device cpu")
        pooling = Pooling.read(path)
        encoder_dir = path / pooling.encoder_dir
        tokenizer = Tokenizer.from_dir(encoder_dir)
        model = load_bert(encoder_dir, device, _dtype(dtype, encoder_dir, device))
        if tokenizer.vocab_size > model.config.vocab_size:
            raise GptshipError(
                f"{encoder_dir / 'tokenizer.json'}: {tokenizer.vocab_size} tokens, but the "
                f"embedding has {model.config.vocab_size} rows; use the model's own tokenizer"
            )
        return cls(model, tokenizer, pooling)

    def encode(self, texts: Sequence[str], truncate: bool = False) -> list[list[int]]:
        """Token ids of each text, with the tokenizer's [CLS] ... [SEP]."""
        backend = self._truncating if truncate else self.tokenizer.backend
        return [e.ids for e in backend.encode_batch(list(texts), add_special_tokens=True)]

    def check(self, token_lists: Sequence[Sequence[int]]) -> None:
        """InputTooLong for a list over the limit; InvalidInput for an empty one or bad ids."""
        for i, ids in enumerate(token_lists):
            if not ids:
                raise InvalidInput(i, "has no tokens")
            if len(ids) > self.max_tokens:
                raise InputTooLong(i, len(ids), self.max_tokens)
            if not all(0 <= t < self.vocab_size for t in ids):
                raise InvalidInput(i, f"has token ids outside [0, {self.vocab_size})")

    def embed(self, texts: str | Sequence[str], truncate: bool = False) -> torch.Tensor:
        """One vector per text: float32 [N, D] on the CPU. A text over the model's token limit
        is an error (InputTooLong) unless `truncate`, which keeps its first tokens."""
        batch = [texts] if isinstance(texts, str) else list(texts)
        return self.embed_ids(self.encode(batch, truncate))

    @torch.inference_mode()
    def embed_ids(self, token_lists: Sequence[Sequence[int]]) -> torch.Tensor:
        """As embed, for token ids (special tokens included, as `encode` gives them)."""
        self.check(token_lists)
        out = torch.empty(len(token_lists), self.dimension)
        for rows in _batches([len(ids) for ids in token_lists], BATCH_TOKENS):
            out[rows] = self._forward([token_lists[i] for i in rows]).float().cpu()
        return out

    def _forward(self, token_lists: list[Sequence[int]]) -> torch.Tensor:
        longest = max(map(len, token_lists))
        pad = self.model.config.pad_token_id
        ids = torch.tensor([[*t, *[pad] * (longest - len(t))] for t in token_lists])
        mask = torch.arange(longest)[None, :] < torch.tensor([len(t) for t in token_lists])[:, None]
        ids, mask = ids.to(self._device), mask.to(self._device)
        vectors = pool(self.model(ids, mask), mask, self.pooling.mode)
        return F.normalize(vectors, p=2, dim=-1) if self.pooling.normalize else vectors


def fingerprint(model_dir: str | Path) -> str:
    """sha256 over the files that decide an embedding model's vectors (weights, configs,
    tokenizer; not its README), by name and content: two directories with the same
    fingerprint embed alike, and an index records it to refuse another model's queries."""
    root = Path(model_dir)
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and not _documentation(p, root))
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()


def _documentation(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return path.suffix.lower() == ".md" or any(p.startswith(".") for p in parts)


def _batches(lengths: list[int], budget: int) -> Iterator[list[int]]:
    """Indices grouped longest first, so that rows x longest stays within `budget` tokens
    and texts of like lengths share a batch (little padding)."""
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if batch and (len(batch) + 1) * lengths[batch[0]] > budget:
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def _dtype(dtype: str | torch.dtype | None, model_dir: Path, device: str) -> torch.dtype:
    if isinstance(dtype, torch.dtype):
        return dtype
    if dtype is None or dtype == "auto":
        if torch.device(device).type != "cuda":
            return torch.float32
        config = read_json(model_dir / "config.json")
        name = config.get("dtype") or config.get("torch_dtype") or "float32"
        return DTYPES.get(name, torch.float32)
    if dtype not in DTYPES:
        raise GptshipError(f"dtype '{dtype}' is not supported; use auto, {', '.join(DTYPES)}")
    return DTYPES[dtype]
