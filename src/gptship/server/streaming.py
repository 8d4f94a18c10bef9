"""How a response leaves: Server-Sent Events for a stream, one JSON body otherwise; a
client that goes away, or a request past its time, aborts the generation."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gptship.server.admission import Admission
from gptship.server.errors import APIError, error_body, from_exception

T = TypeVar("T")


def streaming(
    admission: Admission, events: AsyncIterator[dict[str, Any]], timeout: float
) -> StreamingResponse:
    """The SSE response of a streaming request; it keeps its admission until it ends."""
    return StreamingResponse(
        sse(admission.hold(events), timeout),
        media_type="text/event-stream",
        headers=admission.headers,
        background=BackgroundTask(admission.release),
    )


async def collected(
    request: Request, admission: Admission, work: Awaitable[T], timeout: float
) -> T:
    """The result of a non-streaming request; a client that leaves aborts it."""
    try:
        return await until_disconnected(request, work, timeout)
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
        # nobody reads the answer; the status is for the log line and the request counter
        raise APIError(499, "the client closed the request", code="client_closed_request")
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
