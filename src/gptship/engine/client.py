"""EngineClient: the one interface between an engine and what serves it (the HTTP server,
batch workers, Ray replicas). Limits to plan with, one `validate`, a stream of outputs per
request, `abort`, and `stats()`: a frozen snapshot the engine publishes after each step, so
nothing outside the engine reads its scheduler or KV cache from another thread."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from gptship.engine.outputs import RequestOutput
from gptship.sampling import SamplingParams


class EngineDeadError(RuntimeError):
    """The engine loop failed or stopped; no request can be served any more."""


class EngineStoppedError(EngineDeadError):
    """The engine was stopped on purpose (a shutdown) while the request still ran."""


@dataclass(frozen=True)
class EngineLimits:
    max_model_len: int  # prompt + output tokens of one sequence
    vocab_size: int  # the model's logits' width; token ids are below it
    num_blocks: int  # KV blocks in the pool
    block_size: int  # tokens per KV block
    max_num_seqs: int  # sequences in the running batch


@dataclass(frozen=True)
class EngineStats:
    """The engine at the end of its last step (or idle tick)."""

    running: int = 0  # sequences in the running batch
    waiting: int = 0  # sequences waiting to be scheduled
    kv_blocks: int = 0
    kv_blocks_used: int = 0
    prefix_queries: int = 0  # prompt tokens looked up in the prefix cache
    prefix_hits: int = 0  # of which served from it
    preemptions: int = 0
    heartbeat: float = 0.0  # time.monotonic() of the loop's last sign of life
    alive: bool = False  # the loop runs and has not failed
    error: str | None = None  # why the loop died

    @property
    def kv_usage(self) -> float:
        return self.kv_blocks_used / self.kv_blocks if self.kv_blocks else 0.0

    @property
    def prefix_hit_ratio(self) -> float:
        return self.prefix_hits / self.prefix_queries if self.prefix_queries else 0.0


class EngineClient(Protocol):
    @property
    def limits(self) -> EngineLimits: ...

    def validate(self, prompt: Sequence[int], params: SamplingParams) -> None:
        """Raise ParamError if the engine could never serve this request: the only check a
        request gets. Thread-safe; may take ~100 ms (compiling a JSON schema)."""

    def generate(
        self, request_id: str, prompt: Sequence[int], params: SamplingParams
    ) -> AsyncIterator[RequestOutput]:
        """Incremental outputs until the request finishes; leaving early aborts it."""
        ...

    def abort(self, request_id: str) -> None: ...

    def stats(self) -> EngineStats: ...

    async def start(self) -> None: ...

    async def stop(self, reason: str = "the engine was stopped") -> None:
        """End the loop; streams still open fail with EngineStoppedError(reason)."""
