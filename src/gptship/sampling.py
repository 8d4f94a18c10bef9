"""What a request asks of the model (SamplingParams, StructuredOutput) and the error that
names a parameter out of range (ParamError). Plain types that every layer shares: the
tokenizer reads the model's defaults into them, the engine samples with them, the server
builds them from OpenAI requests. Each range is written once, here."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from gptship.errors import GptshipError

# inclusive ranges of the float parameters; the server's request models use the same bounds
TEMPERATURE = (0.0, 2.0)  # OpenAI's; 0 is greedy
GREEDY_BELOW = 1e-5  # temperatures this small are greedy
PENALTY = (-2.0, 2.0)  # presence_penalty and frequency_penalty, as OpenAI
LOGIT_BIAS = (-100.0, 100.0)
MAX_LOGPROBS = 20  # top alternatives per token


class ParamError(GptshipError):
    """A request parameter the engine cannot serve; `param` names it and `code` is OpenAI's
    error code, if it has one (the server's 400 says both)."""

    def __init__(self, param: str, message: str, code: str | None = None) -> None:
        super().__init__(f"{param}: {message}")
        self.param, self.code = param, code

    def renamed(self, aliases: Mapping[str, str]) -> ParamError:
        """The same error in the words of an API that calls `param` something else (chat's
        max_completion_tokens is the engine's max_tokens)."""
        if self.param not in aliases:
            return self
        message = str(self).removeprefix(f"{self.param}: ")
        return ParamError(aliases[self.param], message, self.code)


class ContextLengthError(ParamError):
    """The prompt, or the prompt and max_tokens, do not fit the model's context. `names` are
    what the API calls the prompt and max_tokens."""

    def __init__(
        self,
        context: int,
        prompt_tokens: int,
        max_tokens: int | None,  # None: the prompt alone is too long
        names: tuple[str, str] = ("prompt", "max_tokens"),
    ) -> None:
        self.context, self.prompt_tokens, self.max_tokens = context, prompt_tokens, max_tokens
        self.param = names[0] if max_tokens is None else names[1]
        self.code = "context_length_exceeded"
        start = f"This model's maximum context length is {context} tokens"
        if max_tokens is None:
            message = f"{start}, but the prompt has {prompt_tokens} tokens; shorten it"
        else:
            message = (
                f"{start}. However, you requested {prompt_tokens + max_tokens} tokens "
                f"({prompt_tokens} in the prompt, {max_tokens} for the completion); "
                f"reduce the prompt or {self.param}"
            )
        GptshipError.__init__(self, message)

    def renamed(self, aliases: Mapping[str, str]) -> ParamError:
        names = (aliases.get("prompt", "prompt"), aliases.get("max_tokens", "max_tokens"))
        return ContextLengthError(self.context, self.prompt_tokens, self.max_tokens, names)


@dataclass(frozen=True)
class StructuredOutput:
    """What the output must be, enforced while decoding by the engine's GrammarCompiler:

    - json_object: any JSON object (no spec);
    - json_schema: JSON valid under a JSON Schema (spec: the schema's JSON text);
    - regex: text that matches a regular expression as a whole (spec: the pattern);
    - choice: exactly one of some strings (spec: a JSON list of them);
    - grammar: text in a context-free grammar (spec: Lark, or GBNF with `::=` rules).

    The first two are OpenAI's response_format; the other three are vLLM's guided_regex,
    guided_choice and guided_grammar. `param` is the request field an error names.
    """

    kind: Literal["json_object", "json_schema", "regex", "choice", "grammar"]
    spec: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in _PARAMS:
            raise ParamError("response_format", f"unknown type {self.kind!r}")
        if (self.spec is None) != (self.kind == "json_object"):
            raise ParamError(self.param, f"{self.kind} needs a spec; json_object none")
        if self.kind in ("regex", "grammar") and not self.spec:
            raise ParamError(self.param, "must not be empty")
        if self.kind in ("json_schema", "choice"):
            try:
                value = json.loads(self.spec or "")
            except ValueError as e:
                raise ParamError(self.param, f"is not valid JSON: {e}") from e
            if self.kind == "json_schema" and not isinstance(value, dict):
                raise ParamError(self.param, "the schema must be a JSON object")
            if self.kind == "choice" and not (
                isinstance(value, list) and value and all(isinstance(c, str) for c in value)
            ):
                raise ParamError(self.param, "must be a non-empty list of strings")

    @property
    def param(self) -> str:
        return _PARAMS[self.kind]

    @classmethod
    def from_openai(cls, response_format: Any) -> StructuredOutput | None:
        """OpenAI's response_format ({"type": "text" | "json_object" | "json_schema", ...})."""
        if response_format is None:
            return None
        kind = response_format.get("type") if isinstance(response_format, dict) else None
        if kind == "text":
            return None
        if kind == "json_object":
            return cls("json_object")
        if kind != "json_schema":
            raise ParamError("response_format", "type must be text, json_object or json_schema")
        spec = response_format.get("json_schema")
        if not isinstance(spec, dict):
            raise ParamError("response_format", "json_schema must be an object with a schema")
        # OpenAI: strict or not, a missing schema means any JSON object
        return cls("json_schema", json.dumps(spec.get("schema", {"type": "object"})))


_PARAMS = {
    "json_object": "response_format",
    "json_schema": "response_format",
    "regex": "guided_regex",
    "choice": "guided_choice",
    "grammar": "guided_grammar",
}


@dataclass(frozen=True)
class SamplingParams:
    n: int = 1  # independent samples of the same prompt
    temperature: float = 1.0  # 0 is greedy
    top_k: int = 0  # 0 keeps every token
    top_p: float = 1.0
    min_p: float = 0.0  # drop tokens below min_p x the top token's probability
    repetition_penalty: float = 1.0  # > 1 discourages tokens of prompt and output (CTRL style)
    presence_penalty: float = 0.0  # OpenAI: subtracted once from tokens already generated
    frequency_penalty: float = 0.0  # OpenAI: subtracted per occurrence in the output
    logit_bias: dict[int, float] | None = None  # token id -> added to its logit
    seed: int | None = None  # same seed + prompt -> same text, whatever else is in the batch
    max_tokens: int = 16
    min_tokens: int = 0  # stop ids and stop strings are ignored before this many tokens
    stop: tuple[str, ...] = ()  # stop strings; never part of the returned text
    stop_token_ids: tuple[int, ...] = ()  # extra ids that end generation (kept in token ids)
    ignore_eos: bool = False  # keep going past the model's end-of-sequence ids
    logprobs: int | None = None  # None: no logprobs; k: the chosen token's plus the top k
    skip_special_tokens: bool = True
    structured: StructuredOutput | None = None  # response_format or guided decoding

    def __post_init__(self) -> None:
        stop: object = self.stop  # a single string is one stop string, not its characters
        object.__setattr__(self, "stop", (stop,) if isinstance(stop, str) else tuple(self.stop))
        object.__setattr__(self, "stop_token_ids", tuple(self.stop_token_ids))
        _check(self)

    @property
    def greedy(self) -> bool:
        # below GREEDY_BELOW, logits / temperature overflow float32 (1e-50 is 0 in float32),
        # and what is left of sampling is the top token anyway
        return self.temperature < GREEDY_BELOW


def _check(p: SamplingParams) -> None:
    lo, hi = TEMPERATURE
    rules: list[tuple[str, bool, str]] = [
        ("n", p.n >= 1, "must be at least 1"),
        ("temperature", lo <= p.temperature <= hi, f"must be between {lo:g} and {hi:g}"),
        ("top_k", p.top_k >= 0, "must be 0 (off) or positive"),
        ("top_p", 0 < p.top_p <= 1, "must be in (0, 1]"),
        ("min_p", 0 <= p.min_p <= 1, "must be in [0, 1]"),
        ("repetition_penalty", 0.01 <= p.repetition_penalty <= 10, "must be in [0.01, 10]"),
        ("presence_penalty", _within(p.presence_penalty, PENALTY), "must be between -2 and 2"),
        ("frequency_penalty", _within(p.frequency_penalty, PENALTY), "must be between -2 and 2"),
        ("max_tokens", p.max_tokens >= 1, "must be at least 1"),
        ("min_tokens", 0 <= p.min_tokens <= p.max_tokens, "must be between 0 and max_tokens"),
        (
            "logprobs",
            p.logprobs is None or 0 <= p.logprobs <= MAX_LOGPROBS,
            f"must be between 0 and {MAX_LOGPROBS}",
        ),
        ("stop", all(isinstance(s, str) and s for s in p.stop), "must be non-empty strings"),
        # a stop id is all a grammar allows once its JSON is complete
        (
            "min_tokens",
            p.structured is None or p.min_tokens == 0,
            "must be 0 when a grammar shapes the output",
        ),
    ]
    for name, ok, message in rules:
        if not ok:
            raise ParamError(name, f"{message}, got {getattr(p, name)!r}")
    for name in ("temperature", "top_p", "min_p", "repetition_penalty"):
        if not math.isfinite(getattr(p, name)):
            raise ParamError(name, "must be a finite number")
    for token, bias in (p.logit_bias or {}).items():
        if not _within(bias, LOGIT_BIAS):
            raise ParamError("logit_bias", f"bias for token {token} must be in [-100, 100]")


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]
