"""The engine's SamplingParams from an OpenAI request body. A sampling field the request
leaves out takes the model's default (generation_config.json), else OpenAI's; a value out of
range raises ParamError, a 400 naming the field."""

from __future__ import annotations

from gptship.model.generation_config import OPENAI_DEFAULTS, SamplingDefaults
from gptship.sampling import ParamError, SamplingParams, StructuredOutput
from gptship.server.protocol import SamplingFields


def sampling_params(
    body: SamplingFields,
    defaults: SamplingDefaults,
    max_tokens: int,
    logprobs: int | None,
    structured: StructuredOutput | None = None,
) -> SamplingParams:
    given = {name: getattr(body, name) for name in OPENAI_DEFAULTS}
    return SamplingParams(
        n=body.n,
        **defaults.fill(given),
        presence_penalty=body.presence_penalty or 0.0,
        frequency_penalty=body.frequency_penalty or 0.0,
        logit_bias=_logit_bias(body.logit_bias),
        seed=body.seed,
        max_tokens=max_tokens,
        min_tokens=min(body.min_tokens, max_tokens),
        stop=(body.stop,) if isinstance(body.stop, str) else tuple(body.stop or ()),
        stop_token_ids=tuple(body.stop_token_ids or ()),
        ignore_eos=body.ignore_eos,
        logprobs=logprobs,
        structured=structured,
    )


def max_tokens(requested: int | None, prompts: list[list[int]], context: int, most: int) -> int:
    """What was asked, or what the shortest context left by any prompt allows, up to `most`
    (each sample's share of max_output_tokens). A prompt that fills the context gets 1 here,
    and the engine's validate() says the prompt is too long."""
    if requested is not None:
        return requested
    return max(1, min(context - max(map(len, prompts)), most))


def _logit_bias(bias: dict[str, float] | None) -> dict[int, float] | None:
    by_id: dict[int, float] = {}
    for token, value in (bias or {}).items():
        try:
            by_id[int(token)] = value
        except ValueError:
            raise ParamError("logit_bias", f"'{token}' is not a token id") from None
    return by_id or None
