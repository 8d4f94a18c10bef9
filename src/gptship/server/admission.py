"""Admission: a place in the engine for a request's sequences, or a refusal (503 while
draining or with a dead engine, 429 over a key's rate limit or a full queue) before any byte
of the response is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TypeVar

from gptship.server.errors import APIError
from gptship.server.keys import ApiKey
from gptship.server.state import ServerState

T = TypeVar("T")


@dataclass
class Admission:
    """A place for `sequences` sequences, held until released (idempotent)."""

    state: ServerState
    sequences: int
    headers: dict[str, str]  # rate-limit headers for the response
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.state.in_flight -= self.sequences

    async def hold(self, events: AsyncIterator[T]) -> AsyncIterator[T]:
        """Keep the place while a streaming response (which outlives its handler) runs."""
        try:
            async for event in events:
                yield event
        finally:
            self.release()


def admit(state: ServerState, sequences: int, key: ApiKey | None, tokens: int) -> Admission:
    """Admit `sequences` engine sequences that may cost `tokens` of the key's budget."""
    config, metrics = state.config, state.metrics
    if state.draining:
        metrics.rejected.labels("shutting_down").inc()
        raise APIError(
            503, "the server is shutting down; retry on another replica", code="draining"
        )
    if state.engine.stats().error is not None:
        metrics.rejected.labels("engine_dead").inc()
        raise APIError(
            503, "the engine has failed; the server must be restarted", code="engine_dead"
        )
    capacity = config.engine.max_num_seqs + config.max_queue
    if sequences > capacity:  # no wait helps: a 400, not a 429
        raise APIError(
            400,
            f"the request needs {sequences} sequences (n x prompts), but this server runs or "
            f"queues at most {capacity} (max_num_seqs + max_queue); lower n or send fewer "
            f"prompts at once",
            "n",
        )
    if state.in_flight + sequences > capacity:  # refused before the key's budget is spent
        metrics.rejected.labels("queue_full").inc()
        raise APIError(
            429,
            f"the server is at capacity ({state.in_flight} sequences running or queued, "
            f"limit {capacity}); retry shortly",
            code="queue_full",
            headers={"retry-after": "1"},
        )
    headers: dict[str, str] = {}
    if key is not None:
        rpm = key.requests_per_minute or config.rate_limit_rpm
        tpm = key.tokens_per_minute or config.rate_limit_tpm
        decision = state.limiter.check(key.name, rpm, tpm, tokens)
        headers = dict(decision.headers)
        if not decision.allowed:
            metrics.rejected.labels(f"rate_limit_{decision.limited}").inc()
            raise APIError(429, decision.message, code="rate_limit_exceeded", headers=headers)
    state.in_flight += sequences
    return Admission(state, sequences, headers)
