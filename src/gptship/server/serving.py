"""What both generation endpoints share: admission, sampling parameters, running prompts
through the engine, and Server-Sent Events framing."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gptship.config import ServerConfig
from gptship.engine.async_engine import AsyncEngine
from gptship.engine.outputs import RequestOutput
from gptship.engine.request import ParamError, SamplingParams
from gptship.model.tokenizer import Tokenizer
from gptship.server.errors import APIError, error_body, from_exception
from gptship.server.keys import ApiKey
from gptship.server.metrics import Metrics
from gptship.server.protocol import _Sampling
from gptship.server.ratelimit import RateLimiter

T = TypeVar("T")


@dataclass
class ServerState:
    """Everything the routes share; one per app, on `app.state.gptship`."""

    engine: AsyncEngine
    tokenizer: Tokenizer
    config: ServerConfig
    model_name: str
    max_model_len: int
    metrics: Metrics
    limiter: RateLimiter = field(default_factory=RateLimiter)
    in_flight: int = 0  # sequences admitted and not finished
    draining: bool = False  # SIGTERM received: finish what runs, admit nothing
    created: int = field(default_factory=lambda: int(time.time()))


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.gptship
    return state


def open_request(request: Request, body: _Sampling) -> ServerState:
    """The checks both generation endpoints start with: the model served, the cap on n."""
    state = get_state(request)
    check_model(state, body.model)
    if body.n > state.config.max_n:
        raise APIError(400, f"n is at most {state.config.max_n} on this server", "n")
    return state


def check_model(state: ServerState, model: str | None) -> None:
    if model is not None and model != state.model_name:
        raise APIError(
            404,
            f"The model '{model}' does not exist; this server serves '{state.model_name}'",
            "model",
            "model_not_found",
        )


def sampling_params(
    body: _Sampling,
    max_tokens: int,
    logprobs: int | None,
    defaults: Mapping[str, float],
    **extra: Any,
) -> SamplingParams:
    """The engine's parameters for a request; out-of-range values are 400s naming the field.
    A sampling field the request leaves out takes the model's default (`defaults`, from its
    generation_config.json), else OpenAI's."""
    bias: dict[int, float] = {}
    for token, value in (body.logit_bias or {}).items():
        try:
            bias[int(token)] = value
        except ValueError:
            raise APIError(400, f"logit_bias: '{token}' is not a token id", "logit_bias") from None
    stop = [body.stop] if isinstance(body.stop, str) else list(body.stop or [])
    openai_defaults = {"temperature": 1.0, "top_p": 1.0, "top_k": 0, "min_p": 0.0,
                       "repetition_penalty": 1.0}  # fmt: skip
    sampling = {
        name: value if (value := getattr(body, name)) is not None else defaults.get(name, usual)
        for name, usual in openai_defaults.items()
    }
    options: dict[str, Any] = {
        "n": body.n,
        **sampling,
        "presence_penalty": body.presence_penalty or 0.0,
        "frequency_penalty": body.frequency_penalty or 0.0,
        "logit_bias": bias or None,
        "seed": body.seed,
        "max_tokens": max_tokens,
        "min_tokens": min(body.min_tokens, max_tokens),
        "stop": tuple(stop),
        "stop_token_ids": tuple(body.stop_token_ids or ()),
        "ignore_eos": body.ignore_eos,
        "logprobs": logprobs,
        **extra,
    }
    try:
        return SamplingParams(**options)
    except ParamError as e:
        raise APIError(400, str(e), e.param) from None


def completion_budget(
    state: ServerState, prompt_len: int, requested: int | None, param: str, prompt_param: str
) -> int:
    """max_tokens: what was asked, or the rest of the context; beyond the context is a 400."""
    context = state.max_model_len
    if prompt_len >= context:
        raise APIError(
            400,
            f"This model's maximum context length is {context} tokens, but the prompt has "
            f"{prompt_len} tokens; shorten it",
            prompt_param,
            "context_length_exceeded",
        )
    if requested is None:
        return context - prompt_len
    if prompt_len + requested > context:
        raise APIError(
            400,
            f"This model's maximum context length is {context} tokens. However, you requested "
            f"{prompt_len + requested} tokens ({prompt_len} in the prompt, {requested} for the "
            f"completion); reduce the prompt or {param}",
            param,
            "context_length_exceeded",
        )
    return requested


@dataclass
class Admission:
    """A place in the engine for `sequences` sequences, held until released (idempotent)."""

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
    """Admit `sequences` engine sequences, or raise 503 (draining, dead engine) or 429 (rate
    limit, queue full) before any byte of the response is sent."""
    config, metrics = state.config, state.metrics
    if state.draining:
        metrics.rejected.labels("shutting_down").inc()
        raise APIError(
            503, "the server is shutting down; retry on another replica", code="draining"
        )
    if state.engine.dead:
        metrics.rejected.labels("engine_dead").inc()
        raise APIError(
            503, "the engine has failed; the server must be restarted", code="engine_dead"
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
    capacity = config.max_num_seqs + config.max_queue
    if state.in_flight + sequences > capacity:
        metrics.rejected.labels("queue_full").inc()
        raise APIError(
            429,
            f"the server is at capacity ({state.in_flight} sequences running or queued, "
            f"limit {capacity}); retry shortly",
            code="queue_full",
            headers={**headers, "retry-after": "1"},
        )
    state.in_flight += sequences
    return Admission(state, sequences, headers)


def request_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def check_prompts(state: ServerState, prompts: list[list[int]], params: SamplingParams) -> None:
    """Refuse, with a 400, what the engine could never serve (ids outside the vocabulary)."""
    for prompt in prompts:
        try:
            state.engine.engine.check_request(prompt, params)
        except ParamError as e:
            raise APIError(400, str(e), e.param) from None


def request_log(request: Request, state: ServerState, prompt: object) -> dict[str, Any]:
    """This request's entry of the request log (written by RequestContext when it ends)."""
    log: dict[str, Any] = request.scope.setdefault("state", {})
    log["model"] = state.model_name
    log["usage"] = {"prompt_tokens": 0, "completion_tokens": 0}
    if state.config.log_prompts:
        log["prompt"] = prompt
    return log


async def generate(
    state: ServerState,
    base_id: str,
    prompts: list[list[int]],
    params: SamplingParams,
    log: dict[str, Any] | None = None,
) -> AsyncIterator[tuple[int, RequestOutput]]:
    """Deltas of every prompt as they come, tagged with the prompt's index. Leaving early
    (a disconnect, a timeout) cancels every prompt, which aborts them in the engine.
    Call `check_prompts` first: this generator only starts when it is iterated."""
    queue: asyncio.Queue[tuple[int, RequestOutput | BaseException | None]] = asyncio.Queue()

    async def pump(i: int, prompt: list[int]) -> None:
        try:
            async for out in state.engine.generate(f"{base_id}-{i}", prompt, params):
                queue.put_nowait((i, out))
        except Exception as e:
            queue.put_nowait((i, e))
        finally:
            queue.put_nowait((i, None))

    tasks = [asyncio.create_task(pump(i, p)) for i, p in enumerate(prompts)]
    metrics, start = state.metrics, time.monotonic()
    first, last = None, start
    try:
        remaining = len(tasks)
        while remaining:
            i, item = await queue.get()
            if item is None:
                remaining -= 1
                continue
            if isinstance(item, BaseException):
                raise item
            now, tokens = time.monotonic(), sum(len(o.token_ids) for o in item.outputs)
            if first is None:
                first = now
                metrics.ttft.observe(now - start)
                if item.first_scheduled is not None:
                    metrics.queue_time.observe(max(0.0, item.first_scheduled - start))
                if log is not None:
                    log["ttft_ms"] = round((now - start) * 1000, 1)
            elif tokens:
                metrics.itl.observe((now - last) / tokens)
            last = now
            metrics.generation_tokens.inc(tokens)
            yield i, item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        metrics.prompt_tokens.inc(sum(len(p) for p in prompts))
        metrics.e2e.observe(time.monotonic() - start)


def streaming(
    state: ServerState, admission: Admission, events: AsyncIterator[dict[str, Any]]
) -> StreamingResponse:
    """The SSE response of a streaming request; it keeps its admission until it ends."""
    return StreamingResponse(
        sse(admission.hold(events), state.config.request_timeout),
        media_type="text/event-stream",
        headers=admission.headers,
        background=BackgroundTask(admission.release),
    )


async def collected(
    request: Request, state: ServerState, admission: Admission, work: Awaitable[T]
) -> T:
    """The result of a non-streaming request; a client that leaves aborts it."""
    try:
        return await until_disconnected(request, work, state.config.request_timeout)
    finally:
        admission.release()


async def until_disconnected(request: Request, work: Awaitable[T], timeout: float) -> T:
    """Await `work`, but give up (and cancel it) if the client goes away or time runs out."""

    async def disconnected() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass

    task, watch = asyncio.ensure_future(work), asyncio.ensure_future(disconnected())
    try:
        done, _ = await asyncio.wait({task, watch}, timeout=timeout, return_when="FIRST_COMPLETED")
    finally:
        watch.cancel()
    if task in done:
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    if watch in done:
        raise asyncio.CancelledError("the client disconnected")
    raise APIError(
        504, f"the request took longer than {timeout:g} s and was aborted", code="timeout"
    )


async def sse(events: AsyncIterator[dict[str, Any]], timeout: float) -> AsyncIterator[str]:
    """Server-Sent Events as OpenAI sends them: `data: {json}` lines, then `data: [DONE]`.
    A failure after the first byte (the status is sent) becomes an error event."""
    try:
        async with asyncio.timeout(timeout):
            async for event in events:
                yield f"data: {json.dumps(event, separators=(',', ':'))}\n\n"
    except TimeoutError:
        body = error_body(
            504, f"the request took longer than {timeout:g} s and was aborted", code="timeout"
        )
        yield f"data: {json.dumps(body)}\n\n"
    except Exception as e:  # the status line is gone: the error travels as an event
        yield f"data: {json.dumps(from_exception(e).body())}\n\n"
    yield "data: [DONE]\n\n"


def finish_reason(reason: str | None) -> str | None:
    return "stop" if reason == "abort" else reason


def finite(logprob: float) -> float:
    """JSON has no -inf: a token that could not be sampled (masked by a grammar or a bias)
    gets OpenAI's floor, -9999.0."""
    return max(logprob, -9999.0)


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
