"""The reference decoding loop: one sequence, a contiguous KV cache, no batching.

Deliberately plain. It stays in the project as the oracle that the batched engine's output
is tested against, and it backs `gptship generate`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence

import torch

from gptship.errors import GptshipError
from gptship.model.attention import AttentionBatch
from gptship.model.base import CausalLM


@torch.inference_mode()
def reference_stream(
    model: CausalLM,
    prompt_ids: Sequence[int],
    max_tokens: int,
    *,
    temperature: float = 0.0,
    seed: int | None = None,
    stop_ids: Collection[int] = (),
) -> Iterator[int]:
    """Yield generated token ids one at a time (greedy when temperature is 0).

    Stops after a stop id (which is yielded), after `max_tokens`, or when prompt + output
    fill the context.
    """
    cfg = model.config
    if not prompt_ids:
        raise GptshipError("the prompt is empty; pass at least one token")
    if len(prompt_ids) >= cfg.max_position_embeddings:
        raise GptshipError(
            f"the prompt has {len(prompt_ids)} tokens but the model's context is "
            f"{cfg.max_position_embeddings}; shorten the prompt"
        )
    param = next(model.parameters())
    if max_tokens < 1:
        raise GptshipError(f"max_tokens must be at least 1, got {max_tokens}")
    max_len = min(cfg.max_position_embeddings, len(prompt_ids) + max_tokens)
    # slot = position: the cache of layer l is [2, max_len, Hkv, D]
    caches = [
        torch.zeros(
            2, max_len, cfg.num_kv_heads, cfg.head_dim, dtype=param.dtype, device=param.device
        )
        for _ in range(cfg.num_layers)
    ]
    sample = _sampler(temperature, seed, param.device)
    new, length, produced = list(prompt_ids), 0, 0
    while True:
        start, length = length, length + len(new)
        batch = AttentionBatch.contiguous(start, len(new), param.device)
        hidden = model(torch.tensor(new, device=param.device), batch, caches)
        token = sample(model.compute_logits(hidden[-1:])[0])
        yield token
        produced += 1
        # prompt + output never exceeds the context: the yielded token is the last one
        if token in stop_ids or produced == max_tokens or length + 1 == cfg.max_position_embeddings:
            return
        new = [token]


def reference_generate(
    model: CausalLM, prompt_ids: Sequence[int], max_tokens: int, **kw: object
) -> list[int]:
    return list(reference_stream(model, prompt_ids, max_tokens, **kw))  # type: ignore[arg-type]


def _sampler(
    temperature: float, seed: int | None, device: torch.device
) -> Callable[[torch.Tensor], int]:
    if temperature < 0:
        raise GptshipError(f"temperature must be >= 0, got {temperature}")
    if temperature == 0:
        return lambda logits: int(logits.argmax())
    generator = torch.Generator(device)
    generator.manual_seed(seed if seed is not None else torch.seed())

    def sample(logits: torch.Tensor) -> int:
        probs = torch.softmax(logits / temperature, dim=-1)
        return int(torch.multinomial(probs, 1, generator=generator))

    return sample
