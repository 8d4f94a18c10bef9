"""The engine state a request carries (Request) and its status."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gptship.sampling import SamplingParams

if TYPE_CHECKING:
    from gptship.engine.structured import GrammarMatcher


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
