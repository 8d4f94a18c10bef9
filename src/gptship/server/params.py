"""The engine's SamplingParams from an OpenAI request body. A sampling field the request
leaves out takes the model's default (generation_config.json), else OpenAI's; a value out of
range raises ParamError, a 400 naming the field."""

from __future__ import annotations

import json
from typing import Any

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


def structured_output(
    body: SamplingFields, given: tuple[StructuredOutput, str] | None = None
) -> tuple[StructuredOutput | None, dict[str, str]]:
    """The grammar a request asks for: `given` (chat's response_format or forced tool call,
    with the field that asked), or one of vLLM's guided_json, guided_regex, guided_choice,
    guided_grammar or structured_outputs members; at most one. With it, the engine's name of
    its parameter -> the request's field, for errors."""
    asked = [given] if given is not None else []
    so = body.structured_outputs
    fields: list[tuple[str, str, Any]] = [
        ("guided_json", "json_schema", body.guided_json),
        ("guided_regex", "regex", body.guided_regex),
        ("guided_choice", "choice", body.guided_choice),
        ("guided_grammar", "grammar", body.guided_grammar),
    ]
    if so is not None:
        fields += [("structured_outputs", kind, getattr(so, k)) for k, kind in _MEMBERS.items()]
        if so.json_object:
            asked.append((StructuredOutput("json_object"), "structured_outputs"))
    for field, kind, value in fields:
        if value is not None:
            asked.append((_spec(field, kind, value), field))
    if len(asked) > 1:
        named = ", ".join(dict.fromkeys(field for _, field in asked))
        raise ParamError(asked[1][1], f"only one output constraint at a time; got {named}")
    if not asked:
        return None, {}
    spec, field = asked[0]
    return spec, {spec.param: field} if spec.param != field else {}


_MEMBERS = {"json_": "json_schema", "regex": "regex", "choice": "choice", "grammar": "grammar"}


def _spec(field: str, kind: Any, value: Any) -> StructuredOutput:
    text = value if isinstance(value, str) and kind in ("json_schema", "regex", "grammar") else None
    try:
        return StructuredOutput(kind, text if text is not None else json.dumps(value))
    except ParamError as e:
        raise e.renamed({e.param: field}) from None


def _logit_bias(bias: dict[str, float] | None) -> dict[int, float] | None:
    by_id: dict[int, float] = {}
    for token, value in (bias or {}).items():
        try:
            by_id[int(token)] = value
        except ValueError:
            raise ParamError("logit_bias", f"'{token}' is not a token id") from None
    return by_id or None
