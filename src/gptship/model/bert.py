"""BERT, the encoder behind sentence-embedding models: learned positions, bidirectional
attention over a padded batch (a mask hides the padding), post-LayerNorm layers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from gptship.errors import GptshipError
from gptship.model.config import ConfigReader, read_json
from gptship.model.layers import ACTIVATIONS
from gptship.model.weights import Checkpoint


@dataclass(frozen=True)
class BertConfig:
    vocab_size: int
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    max_position_embeddings: int  # the most tokens one text may have, [CLS] and [SEP] included
    type_vocab_size: int
    norm_eps: float
    activation: str
    pad_token_id: int
    dtype: torch.dtype  # the dtype the checkpoint was saved in

    @staticmethod
    def read(model_dir: Path) -> BertConfig:
        path = model_dir / "config.json"
        cfg = ConfigReader(read_json(path), path)
        if cfg.get("model_type", str) != "bert":
            raise GptshipError(
                f"{path}: model_type {cfg.get('model_type', str)!r} is not an encoder gptship "
                "embeds with; supported: bert (BertModel, as sentence-transformers saves it)"
            )
        if cfg.get("position_embedding_type", str, "absolute") != "absolute":
            raise GptshipError(f"{path}: only position_embedding_type 'absolute' is supported")
        hidden, heads = cfg.positive("hidden_size"), cfg.positive("num_attention_heads")
        if hidden % heads:
            raise GptshipError(f"{path}: hidden_size {hidden} is not divisible by {heads} heads")
        act = cfg.get("hidden_act", str, "gelu")
        if act not in ACTIVATIONS:
            raise GptshipError(f"{path}: hidden_act '{act}' is not supported")
        return BertConfig(
            vocab_size=cfg.positive("vocab_size"),
            hidden_size=hidden,
            num_layers=cfg.positive("num_hidden_layers"),
            num_heads=heads,
            intermediate_size=cfg.positive("intermediate_size"),
            max_position_embeddings=cfg.positive("max_position_embeddings", 512),
            type_vocab_size=cfg.positive("type_vocab_size", 2),
            norm_eps=cfg.get("layer_norm_eps", float, 1e-12),
            activation=act,
            pad_token_id=cfg.get("pad_token_id", int, 0),
            dtype=cfg.dtype(),
        )


class BertLayer(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.num_heads = cfg.num_heads
        self.qkv = nn.Linear(cfg.hidden_size, 3 * cfg.hidden_size)
        self.o = nn.Linear(cfg.hidden_size, cfg.hidden_size)
        self.attn_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.up = nn.Linear(cfg.hidden_size, cfg.intermediate_size)
        self.down = nn.Linear(cfg.intermediate_size, cfg.hidden_size)
        self.ffn_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.act = ACTIVATIONS[cfg.activation]

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        # each [B, heads, L, head_dim]
        q, k, v = self.qkv(x).view(batch, length, 3, self.num_heads, -1).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = self.attn_norm(x + self.o(a.transpose(1, 2).reshape(batch, length, hidden)))
        return self.ffn_norm(x + self.down(self.act(self.up(x))))  # type: ignore[no-any-return]


class Bert(nn.Module):
    """BertModel without its pooler: token ids [B, L] -> hidden states [B, L, hidden]."""

    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.config = cfg
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.position_embeddings = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab_size, cfg.hidden_size)
        self.embed_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.layers = nn.ModuleList(BertLayer(cfg) for _ in range(cfg.num_layers))

    def forward(self, input_ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """input_ids [B, L]; mask [B, L], True at real tokens and False at padding."""
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        # one segment per text: every token has token type 0
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        x = self.embed_norm(x + self.token_type_embeddings.weight[0])
        keys = mask[:, None, None, :]  # [B, 1, 1, L]: no query attends to padding
        for layer in self.layers:
            x = layer(x, keys)
        return x  # type: ignore[no-any-return]

    def checkpoint_sources(self) -> dict[str, tuple[str, ...]]:
        """Our parameter name -> the BertModel tensors concatenated (dim 0) into it."""
        sources: dict[str, tuple[str, ...]] = {
            "word_embeddings.weight": ("embeddings.word_embeddings.weight",),
            "position_embeddings.weight": ("embeddings.position_embeddings.weight",),
            "token_type_embeddings.weight": ("embeddings.token_type_embeddings.weight",),
        }
        for kind in ("weight", "bias"):
            sources[f"embed_norm.{kind}"] = (f"embeddings.LayerNorm.{kind}",)
            for i in range(self.config.num_layers):
                hf = f"encoder.layer.{i}"
                sources[f"layers.{i}.qkv.{kind}"] = tuple(
                    f"{hf}.attention.self.{n}.{kind}" for n in ("query", "key", "value")
                )
                for ours, theirs in [
                    ("o", "attention.output.dense"),
                    ("attn_norm", "attention.output.LayerNorm"),
                    ("up", "intermediate.dense"),
                    ("down", "output.dense"),
                    ("ffn_norm", "output.LayerNorm"),
                ]:
                    sources[f"layers.{i}.{ours}.{kind}"] = (f"{hf}.{theirs}.{kind}",)
        return sources


def load_bert(model_dir: Path, device: str, dtype: torch.dtype) -> Bert:
    """A BertModel checkpoint (or a BertFor* one, whose encoder is under `bert.`)."""
    config = BertConfig.read(model_dir)
    ckpt = Checkpoint(model_dir)
    with torch.device("meta"):
        model = Bert(config)
    model = model.to_empty(device=device).to(dtype)
    params, used = dict(model.named_parameters()), set()
    for ours, wanted in model.checkpoint_sources().items():
        names = [_find(ckpt, name) for name in wanted]
        shapes = [ckpt.shape(n) for n in names]  # from the headers: checked before loading
        joined = [sum(s[0] for s in shapes), *shapes[0][1:]]
        if any(s[1:] != shapes[0][1:] for s in shapes) or joined != list(params[ours].shape):
            raise GptshipError(
                f"{ckpt.location[names[0]]}: '{names[0]}' has shape {shapes[0]}, not what "
                "config.json implies; the config and weights are from different models"
            )
        with torch.no_grad():
            params[ours].copy_(torch.cat([ckpt.load(n) for n in names]))
        used.update(names)
    # the pooler, position_ids and any MLM head are not used; more layers than config.json
    # says means the two are from different models
    extra = sorted(n for n in ckpt.names() - used if n.removeprefix("bert.").startswith("encoder."))
    if extra:
        raise GptshipError(
            f"{ckpt.location[extra[0]]}: {len(extra)} encoder tensors that config.json does not "
            f"use ({extra[0]} ...); the config and weights are from different models"
        )
    return model.eval()


def _find(ckpt: Checkpoint, name: str) -> str:
    for candidate in (name, f"bert.{name}"):
        if candidate in ckpt:
            return candidate
    raise GptshipError(
        f"{ckpt.origin}: tensor '{name}' is missing; the weights do not match config.json "
        "(a BertModel checkpoint is expected)"
    )
