"""What every architecture provides: a forward over flat tokens and a checkpoint name map."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from gptship.model.attention import AttentionBatch
from gptship.model.config import ConfigReader, ModelConfig
from gptship.model.layers import Linear


@dataclass(frozen=True)
class Source:
    """Where one parameter comes from: checkpoint tensors concatenated on dim 0."""

    names: tuple[str, ...]
    transpose: bool = False  # GPT-2's Conv1D stores weights as [in, out]
    sizes: tuple[int, ...] = ()  # rows of each named tensor, when there are several


class CausalLM(nn.Module):
    """A decoder-only language model over flat token batches."""

    config: ModelConfig
    lm_head: Linear

    @staticmethod
    def parse_config(cfg: ConfigReader, architecture: str) -> ModelConfig:
        raise NotImplementedError

    def checkpoint_sources(self) -> dict[str, Source]:
        """Our parameter name -> its checkpoint tensors (Hugging Face names)."""
        raise NotImplementedError

    def forward(
        self,
        input_ids: torch.Tensor,  # [T]
        batch: AttentionBatch,
        kv_caches: list[torch.Tensor] | None = None,  # per layer [2, slots, Hkv, D]
    ) -> torch.Tensor:  # [T, hidden]
        raise NotImplementedError

    def input_embeddings(self) -> nn.Embedding:
        raise NotImplementedError

    def tie_weights(self) -> None:
        """Share the embedding with the output head (again after `to_empty`, which unties)."""
        if self.config.tie_word_embeddings:
            self.lm_head.weight = self.input_embeddings().weight

    def compute_logits(self, hidden: torch.Tensor) -> torch.Tensor:
        """[N, hidden] -> [N, vocab] float32 logits."""
        return self.lm_head(hidden).float()  # type: ignore[no-any-return]
