"""Llama and its close relatives (Mistral: sliding window; Qwen2: q/k/v bias), one module."""

from __future__ import annotations

import torch
from torch import nn

from gptship.errors import GptshipError
from gptship.model.attention import AttentionBatch, attention
from gptship.model.base import CausalLM, Source
from gptship.model.config import ConfigReader, ModelConfig
from gptship.model.layers import ACTIVATIONS, Linear, RMSNorm, RotaryEmbedding


class LlamaAttention(nn.Module):
    def __init__(self, cfg: ModelConfig, layer: int) -> None:
        super().__init__()
        self.num_heads, self.num_kv_heads, self.head_dim = (
            cfg.num_heads,
            cfg.num_kv_heads,
            cfg.head_dim,
        )
        self.q_size, self.kv_size = cfg.num_heads * cfg.head_dim, cfg.num_kv_heads * cfg.head_dim
        # q, k and v in one matmul: one pass over the input instead of three
        self.qkv_proj = Linear(cfg.hidden_size, self.q_size + 2 * self.kv_size, cfg.qkv_bias)
        self.o_proj = Linear(self.q_size, cfg.hidden_size, cfg.o_bias)
        self.scale = cfg.head_dim**-0.5
        self.window = cfg.window(layer)

    def forward(
        self,
        x: torch.Tensor,
        batch: AttentionBatch,
        rope: RotaryEmbedding,
        kv_cache: torch.Tensor | None,
    ) -> torch.Tensor:
        q, k, v = self.qkv_proj(x).split([self.q_size, self.kv_size, self.kv_size], dim=-1)
        q = q.view(-1, self.num_heads, self.head_dim)
        k = k.view(-1, self.num_kv_heads, self.head_dim)
        v = v.view(-1, self.num_kv_heads, self.head_dim)
        q, k = rope(batch.positions, q, k)
        o = attention(q, k, v, kv_cache, batch, self.scale, self.window)
        return self.o_proj(o)  # type: ignore[no-any-return]


class GatedMLP(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.inter = cfg.intermediate_size
        self.gate_up_proj = Linear(cfg.hidden_size, 2 * self.inter, cfg.mlp_bias)
        self.down_proj = Linear(self.inter, cfg.hidden_size, cfg.mlp_bias)
        self.act = ACTIVATIONS[cfg.activation]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gate, up = self.gate_up_proj(x).split(self.inter, dim=-1)
        return self.down_proj(self.act(gate) * up)  # type: ignore[no-any-return]


class LlamaLayer(nn.Module):
    def __init__(self, cfg: ModelConfig, layer: int) -> None:
        super().__init__()
        self.input_layernorm = RMSNorm(cfg.hidden_size, cfg.norm_eps)
        self.self_attn = LlamaAttention(cfg, layer)
        self.post_attention_layernorm = RMSNorm(cfg.hidden_size, cfg.norm_eps)
        self.mlp = GatedMLP(cfg)

    def forward(
        self,
        x: torch.Tensor,
        batch: AttentionBatch,
        rope: RotaryEmbedding,
        kv_cache: torch.Tensor | None,
    ) -> torch.Tensor:
        x = x + self.self_attn(self.input_layernorm(x), batch, rope, kv_cache)
        return x + self.mlp(self.post_attention_layernorm(x))  # type: ignore[no-any-return]


class Llama(CausalLM):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.config = cfg
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList(LlamaLayer(cfg, i) for i in range(cfg.num_layers))
        self.norm = RMSNorm(cfg.hidden_size, cfg.norm_eps)
        self.lm_head = Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        self.tie_weights()
        self.rope = RotaryEmbedding(
            cfg.head_dim, cfg.max_position_embeddings, cfg.rope_theta, cfg.rope_scaling
        )

    def input_embeddings(self) -> nn.Embedding:
        return self.embed_tokens

    def forward(
        self,
        input_ids: torch.Tensor,
        batch: AttentionBatch,
        kv_caches: list[torch.Tensor] | None = None,
    ) -> torch.Tensor:
        x = self.embed_tokens(input_ids)
        for i, layer in enumerate(self.layers):
            x = layer(x, batch, self.rope, kv_caches[i] if kv_caches else None)
        return self.norm(x)  # type: ignore[no-any-return]

    @staticmethod
    def parse_config(cfg: ConfigReader, architecture: str) -> ModelConfig:
        hidden = cfg.positive("hidden_size")
        heads = cfg.positive("num_attention_heads")
        layers = cfg.positive("num_hidden_layers")
        theta, scaling = cfg.rope()
        qwen2 = architecture == "Qwen2ForCausalLM"
        act = cfg.get("hidden_act", str, "silu")
        if act not in ACTIVATIONS:
            raise GptshipError(f"{cfg.path}: hidden_act '{act}' is not supported")
        return ModelConfig(
            architecture=architecture,
            vocab_size=cfg.positive("vocab_size"),
            hidden_size=hidden,
            num_layers=layers,
            num_heads=heads,
            num_kv_heads=cfg.positive("num_key_value_heads", heads),
            head_dim=cfg.positive("head_dim", hidden // heads),
            intermediate_size=cfg.positive("intermediate_size"),
            max_position_embeddings=cfg.positive("max_position_embeddings", 2048),
            norm_eps=cfg.get("rms_norm_eps", float, 1e-6),
            activation=act,
            tie_word_embeddings=cfg.get("tie_word_embeddings", bool, False),
            dtype=cfg.dtype(),
            qkv_bias=qwen2 or cfg.get("attention_bias", bool, False),
            o_bias=not qwen2 and cfg.get("attention_bias", bool, False),
            mlp_bias=cfg.get("mlp_bias", bool, False),
            rope_theta=theta,
            rope_scaling=scaling,
            sliding_windows=_sliding_windows(cfg, architecture, layers),
            bos_token_id=cfg.get("bos_token_id", int),
            eos_token_ids=cfg.token_ids("eos_token_id"),
        )

    def checkpoint_sources(self) -> dict[str, Source]:
        cfg = self.config
        sources = {
            "embed_tokens.weight": Source(("model.embed_tokens.weight",)),
            "norm.weight": Source(("model.norm.weight",)),
        }
        if not cfg.tie_word_embeddings:
            sources["lm_head.weight"] = Source(("lm_head.weight",))
        for i in range(cfg.num_layers):
            ours, hf = f"layers.{i}.", f"model.layers.{i}."
            params = {
                "input_layernorm.weight": ["input_layernorm.weight"],
                "post_attention_layernorm.weight": ["post_attention_layernorm.weight"],
                "self_attn.qkv_proj.weight": [f"self_attn.{p}_proj.weight" for p in "qkv"],
                "self_attn.o_proj.weight": ["self_attn.o_proj.weight"],
                "mlp.gate_up_proj.weight": ["mlp.gate_proj.weight", "mlp.up_proj.weight"],
                "mlp.down_proj.weight": ["mlp.down_proj.weight"],
            }
            if cfg.qkv_bias:
                params["self_attn.qkv_proj.bias"] = [f"self_attn.{p}_proj.bias" for p in "qkv"]
            if cfg.o_bias:
                params["self_attn.o_proj.bias"] = ["self_attn.o_proj.bias"]
            if cfg.mlp_bias:
                params["mlp.gate_up_proj.bias"] = ["mlp.gate_proj.bias", "mlp.up_proj.bias"]
                params["mlp.down_proj.bias"] = ["mlp.down_proj.bias"]
            q, kv, inter = (
                cfg.num_heads * cfg.head_dim,
                cfg.num_kv_heads * cfg.head_dim,
                cfg.intermediate_size,
            )
            for name, hf_names in params.items():
                sizes = {3: (q, kv, kv), 2: (inter, inter)}.get(len(hf_names), ())
                sources[ours + name] = Source(tuple(hf + n for n in hf_names), sizes=sizes)
        return sources


def _sliding_windows(cfg: ConfigReader, architecture: str, layers: int) -> tuple[int | None, ...]:
    """Per-layer attention window: Mistral slides on every layer; Qwen2 only where enabled."""
    window = cfg.get("sliding_window", int)
    if window is None:
        return (None,) * layers
    if architecture == "Qwen2ForCausalLM" and not cfg.get("use_sliding_window", bool, False):
        return (None,) * layers
    types = cfg.get("layer_types", list)
    if types is not None:
        if len(types) != layers:
            raise GptshipError(f"{cfg.path}: layer_types has {len(types)} entries, not {layers}")
        return tuple(window if t == "sliding_attention" else None for t in types)
    if architecture == "Qwen2ForCausalLM":
        # older Qwen2 configs: layers from max_window_layers up slide
        first = cfg.get("max_window_layers", int, layers)
        return tuple(window if i >= first else None for i in range(layers))
    return (window,) * layers
