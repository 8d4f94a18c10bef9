"""One request's record: what the request log line says about its generation. Typed, and
kept in the ASGI scope's state, where RequestContext finds it when the response ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.types import Scope


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0  # counted as outputs arrive: final when the stream ends

    def openai(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.prompt_tokens + self.completion_tokens,
        }


@dataclass
class RequestRecord:
    model: str
    usage: Usage = field(default_factory=Usage)
    prompt: object = None  # the prompt as sent, only where the server logs prompts
    ttft_ms: float | None = None  # arrival to the first output

    def attach(self, scope: Scope) -> RequestRecord:
        scope.setdefault("state", {})["record"] = self
        return self

    @staticmethod
    def of(scope: Scope) -> RequestRecord | None:
        record: RequestRecord | None = scope.get("state", {}).get("record")
        return record

    def log_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"model": self.model}
        if self.ttft_ms is not None:
            fields["ttft_ms"] = self.ttft_ms
        if self.prompt is not None:
            fields["prompt"] = self.prompt
        fields["prompt_tokens"] = self.usage.prompt_tokens
        fields["completion_tokens"] = self.usage.completion_tokens
        return fields
