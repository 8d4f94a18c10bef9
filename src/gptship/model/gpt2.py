"""GPT-2: learned positions, LayerNorm, fused c_attn, GELU MLP (and nanoGPT exports of it)."""

from __future__ import annotations

import torch
from torch import nn

from gptship.errors import GptshipError
from gptship.model.attention import AttentionBatch, attention
from gptship.model.base import CausalLM, Source
from gptship.model.config import ConfigReader, ModelConfig
from gptship.model.layers import ACTIVATIONS, Linear


class GPT2Attention(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.num_heads, self.head_dim = cfg.num_heads, cfg.head_dim
        self.c_attn = Linear(cfg.hidden_size, 3 * cfg.hidden_size)
        self.c_proj = Linear(cfg.hidden_size, cfg.hidden_size)
        self.scale = cfg.head_dim**-0.5

    def forward(
        self, x: torch.Tensor, batch: AttentionBatch, kv_cache: torch.Tensor | None
    ) -> torch.Tensor:
        q, k, v = self.c_attn(x).view(-1, 3, self.num_heads, self.head_dim).unbind(1)
        return self.c_proj(attention(q, k, v, kv_cache, batch, self.scale))  # type: ignore[no-any-return]


class GPT2Layer(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.attn = GPT2Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.c_fc = Linear(cfg.hidden_size, cfg.intermediate_size)
        self.c_proj = Linear(cfg.intermediate_size, cfg.hidden_size)
        self.act = ACTIVATIONS[cfg.activation]

    def forward(
        self, x: torch.Tensor, batch: AttentionBatch, kv_cache: torch.Tensor | None
    ) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x), batch, kv_cache)
        return x + self.c_proj(self.act(self.c_fc(self.ln_2(x))))  # type: ignore[no-any-return]


class GPT2(CausalLM):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.config = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.wpe = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.h = nn.ModuleList(GPT2Layer(cfg) for _ in range(cfg.num_layers))
        self.ln_f = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.lm_head = Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        self.tie_weights()

    def input_embeddings(self) -> nn.Embedding:
        return self.wte

    def forward(
        self,
        input_ids: torch.Tensor,
        batch: AttentionBatch,
        kv_caches: list[torch.Tensor] | None = None,
    ) -> torch.Tensor:
        x = self.wte(input_ids) + self.wpe(batch.positions)
        for i, layer in enumerate(self.h):
            x = layer(x, batch, kv_caches[i] if kv_caches else None)
        return self.ln_f(x)  # type: ignore[no-any-return]

    @staticmethod
    def parse_config(cfg: ConfigReader, architecture: str) -> ModelConfig:
        hidden, heads = cfg.positive("n_embd"), cfg.positive("n_head")
        if hidden % heads:
            raise GptshipError(f"{cfg.path}: n_embd {hidden} is not divisible by n_head {heads}")
        act = cfg.get("activation_function", str, "gelu_new")
        if act not in ACTIVATIONS:
            raise GptshipError(f"{cfg.path}: activation_function '{act}' is not supported")
        for flag in ("scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"):
            if cfg.get(flag, bool, False):
                raise GptshipError(f"{cfg.path}: '{flag}: true' is not supported; set it false")
        layers = cfg.positive("n_layer")
        return ModelConfig(
            architecture=architecture,
            vocab_size=cfg.positive("vocab_size"),
            hidden_size=hidden,
            num_layers=layers,
            num_heads=heads,
            num_kv_heads=heads,
            head_dim=hidden // heads,
            intermediate_size=cfg.positive("n_inner", 4 * hidden),
            max_position_embeddings=cfg.positive("n_positions", 1024),
            norm_eps=cfg.get("layer_norm_epsilon", float, 1e-5),
            activation=act,
            tie_word_embeddings=cfg.get("tie_word_embeddings", bool, True),
            dtype=cfg.dtype(),
            sliding_windows=(None,) * layers,
            bos_token_id=cfg.get("bos_token_id", int),
            eos_token_ids=cfg.token_ids("eos_token_id"),
        )

    def checkpoint_sources(self) -> dict[str, Source]:
        sources = {
            "wte.weight": Source(("transformer.wte.weight",)),
            "wpe.weight": Source(("transformer.wpe.weight",)),
            "ln_f.weight": Source(("transformer.ln_f.weight",)),
            "ln_f.bias": Source(("transformer.ln_f.bias",)),
        }
        if not self.config.tie_word_embeddings:
            sources["lm_head.weight"] = Source(("lm_head.weight",))
        conv1d = {"attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"}
        for i in range(self.config.num_layers):
            for ours, hf in [
                ("ln_1", "ln_1"),
                ("ln_2", "ln_2"),
                ("attn.c_attn", "attn.c_attn"),
                ("attn.c_proj", "attn.c_proj"),
                ("c_fc", "mlp.c_fc"),
                ("c_proj", "mlp.c_proj"),
            ]:
                for kind in ("weight", "bias"):
                    name = f"transformer.h.{i}.{hf}.{kind}"
                    transpose = hf in conv1d and kind == "weight"
                    sources[f"h.{i}.{ours}.{kind}"] = Source((name,), transpose)
        return sources
