"""A job's prompts through the engine: one stream of deltas, tagged with the prompt's index,
with the latency metrics and the usage count recorded as they pass."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

from gptship.engine.outputs import RequestOutput
from gptship.sampling import SamplingParams
from gptship.server.record import RequestRecord
from gptship.server.state import ServerState


@dataclass(frozen=True)
class Job:
    """What a route asks of the engine: prompts that share one set of sampling params."""

    id_prefix: str  # of the response id: "chatcmpl", "cmpl"
    prompts: list[list[int]]
    params: SamplingParams
    logged_prompt: object  # what the request log shows as the prompt, where prompts are logged
    stream: bool = False
    # the engine's names of parameters (prompt, max_tokens) as this API calls them
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def sequences(self) -> int:
        return len(self.prompts) * self.params.n

    @property
    def prompt_tokens(self) -> int:
        return sum(map(len, self.prompts))

    @property
    def most_tokens(self) -> int:
        """Prompt tokens and every completion token it may take: what a rate limit counts."""
        return self.prompt_tokens + self.params.max_tokens * self.sequences


async def generate(
    state: ServerState, request_id: str, job: Job, record: RequestRecord
) -> AsyncIterator[tuple[int, RequestOutput]]:
    """Deltas of every prompt as they come, tagged with the prompt's index. Leaving early
    (a disconnect, a timeout) cancels every prompt, which aborts them in the engine."""
    queue: asyncio.Queue[tuple[int, RequestOutput | BaseException | None]] = asyncio.Queue()

    async def pump(i: int, prompt: list[int]) -> None:
        try:
            async for out in state.engine.generate(f"{request_id}-{i}", prompt, job.params):
                queue.put_nowait((i, out))
        except Exception as e:
            queue.put_nowait((i, e))
        finally:
            queue.put_nowait((i, None))

    tasks = [asyncio.create_task(pump(i, p)) for i, p in enumerate(job.prompts)]
    clock = _Clock(state, record)
    try:
        remaining = len(tasks)
        while remaining:
            i, item = await queue.get()
            if item is None:
                remaining -= 1
                continue
            if isinstance(item, BaseException):
                raise item
            clock.output(item)
            yield i, item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        state.metrics.prompt_tokens.inc(job.prompt_tokens)
        state.metrics.e2e.observe(time.monotonic() - clock.start)


class _Clock:
    """Times a request's outputs into the latency histograms and counts its tokens."""

    def __init__(self, state: ServerState, record: RequestRecord) -> None:
        self.metrics, self.record = state.metrics, record
        self.start = self.last = time.monotonic()
        self.first: float | None = None

    def output(self, out: RequestOutput) -> None:
        now, tokens = time.monotonic(), sum(len(o.token_ids) for o in out.outputs)
        if self.first is None:
            self.first = now
            self.metrics.ttft.observe(now - self.start)
            if out.first_scheduled is not None:
                self.metrics.queue_time.observe(max(0.0, out.first_scheduled - self.start))
            self.record.ttft_ms = round((now - self.start) * 1000, 1)
        elif tokens:
            self.metrics.itl.observe((now - self.last) / tokens)
        self.last = now
        self.metrics.generation_tokens.inc(tokens)
        self.record.usage.completion_tokens += tokens


async def merged(
    outputs: AsyncIterator[tuple[int, RequestOutput]], count: int
) -> list[RequestOutput]:
    """Every delta of `count` prompts merged into one whole output per prompt."""
    whole: dict[int, RequestOutput] = {}
    async for i, out in outputs:
        if i in whole:
            whole[i].extend(out)
        else:
            whole[i] = out
    return [whole[i] for i in range(count)]
