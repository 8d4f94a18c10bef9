"""What a request asks for (SamplingParams) and the engine state it carries (Request)."""

from __future__ import annotations

import enum
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from gptship.errors import GptshipError

if TYPE_CHECKING:
    from gptship.engine.structured import GrammarMatcher


class ParamError(GptshipError):
    """A sampling parameter out of range; `param` names it (the server's 400 says which)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param


@dataclass(frozen=True)
class StructuredOutput:
    """What response_format asks for: any JSON object, or JSON valid under `schema` (the
    schema's JSON text). The engine's GrammarCompiler (structured.py) enforces it."""

    kind: Literal["json_object", "json_schema"]
    schema: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("json_object", "json_schema"):
            raise ParamError("response_format", f"unknown type {self.kind!r}")
        if (self.schema is None) != (self.kind == "json_object"):
            raise ParamError("response_format", "json_schema needs a schema; json_object none")
        if self.schema is not None:
            try:
                schema = json.loads(self.schema)
            except (TypeError, ValueError) as e:
                raise ParamError("response_format", f"schema is not valid JSON: {e}") from e
            if not isinstance(schema, dict):
                raise ParamError("response_format", "schema must be a JSON object")

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
    structured: StructuredOutput | None = None  # response_format: JSON the output must be

    def __post_init__(self) -> None:
        stop: object = self.stop  # a single string is one stop string, not its characters
        object.__setattr__(self, "stop", (stop,) if isinstance(stop, str) else tuple(self.stop))
        object.__setattr__(self, "stop_token_ids", tuple(self.stop_token_ids))
        _check(self)

    @property
    def greedy(self) -> bool:
        return self.temperature == 0


def _check(p: SamplingParams) -> None:
    rules: list[tuple[str, bool, str]] = [
        ("n", p.n >= 1, "must be at least 1"),
        ("temperature", 0 <= p.temperature <= 100, "must be between 0 and 100"),
        ("top_k", p.top_k >= 0, "must be 0 (off) or positive"),
        ("top_p", 0 < p.top_p <= 1, "must be in (0, 1]"),
        ("min_p", 0 <= p.min_p <= 1, "must be in [0, 1]"),
        ("repetition_penalty", 0 < p.repetition_penalty <= 10, "must be in (0, 10]"),
        ("presence_penalty", -2 <= p.presence_penalty <= 2, "must be between -2 and 2"),
        ("frequency_penalty", -2 <= p.frequency_penalty <= 2, "must be between -2 and 2"),
        ("max_tokens", p.max_tokens >= 1, "must be at least 1"),
        ("min_tokens", 0 <= p.min_tokens <= p.max_tokens, "must be between 0 and max_tokens"),
        ("logprobs", p.logprobs is None or 0 <= p.logprobs <= 20, "must be between 0 and 20"),
        ("stop", all(isinstance(s, str) and s for s in p.stop), "must be non-empty strings"),
        # a stop id is all a grammar allows once its JSON is complete
        ("min_tokens", p.structured is None or p.min_tokens == 0, "must be 0 with response_format"),
    ]
    for name, ok, message in rules:
        if not ok:
            raise ParamError(name, f"{message}, got {getattr(p, name)!r}")
    for name in ("temperature", "top_p", "min_p", "repetition_penalty"):
        if not math.isfinite(getattr(p, name)):
            raise ParamError(name, "must be a finite number")
    for token, bias in (p.logit_bias or {}).items():
        if not -100 <= bias <= 100:
            raise ParamError("logit_bias", f"bias for token {token} must be in [-100, 100]")


class RequestStatus(enum.IntEnum):
    """Ordered: everything after RUNNING is finished."""

    WAITING = 0
    RUNNING = 1
    FINISHED_STOPPED = 2
    FINISHED_LENGTH = 3
    FINISHED_ABORTED = 4

    @property
    def finished(self) -> bool:
        return self > RequestStatus.RUNNING


FINISH_REASONS = {
    RequestStatus.FINISHED_STOPPED: "stop",
    RequestStatus.FINISHED_LENGTH: "length",
    RequestStatus.FINISHED_ABORTED: "abort",
}


@dataclass(eq=False)
class Request:
    """One sequence being generated. The engine mutates its counters in place."""

    request_id: str
    prompt_token_ids: list[int]
    params: SamplingParams
    seed: int  # params.seed, or one the engine drew: every request samples from its own stream
    arrival: int  # monotonic order of arrival: first come, first served
    index: int = 0  # which of the n samples this is
    # another sample of the same prompt, whose prefill this one waits for so that it can
    # share the prompt's KV blocks through the prefix cache instead of recomputing them
    wait_for: Request | None = None
    status: RequestStatus = RequestStatus.WAITING
    output_token_ids: list[int] = field(default_factory=list)
    num_computed_tokens: int = 0  # tokens whose K/V are in the cache
    block_table: list[int] = field(default_factory=list)
    block_hashes: list[bytes] = field(default_factory=list)  # chained, of full token blocks
    num_committed_blocks: int = 0  # leading blocks already offered to the prefix cache
    num_cached_tokens: int = 0  # prompt tokens served by the prefix cache
    num_preemptions: int = 0
    stop_reason: int | str | None = None  # the stop id or string that ended it
    grammar: GrammarMatcher | None = None  # follows the output when params.structured is set
    first_scheduled: float | None = None  # time.monotonic() when it first got a step: queue time

    @property
    def all_token_ids(self) -> list[int]:
        return self.prompt_token_ids + self.output_token_ids

    @property
    def num_tokens(self) -> int:
        return len(self.prompt_token_ids) + len(self.output_token_ids)

    @property
    def num_prompt_tokens(self) -> int:
        return len(self.prompt_token_ids)

    def token_at(self, position: int) -> int:
        p = len(self.prompt_token_ids)
        return (
            self.prompt_token_ids[position] if position < p else self.output_token_ids[position - p]
        )

    def token_ids_between(self, start: int, end: int) -> list[int]:
        """Tokens [start, end) of prompt + output, without concatenating the two."""
        p = len(self.prompt_token_ids)
        if end <= p:
            return self.prompt_token_ids[start:end]
        if start >= p:
            return self.output_token_ids[start - p : end - p]
        return self.prompt_token_ids[start:] + self.output_token_ids[: end - p]

    @property
    def finish_reason(self) -> str | None:
        return FINISH_REASONS.get(self.status)
