"""The one path of a generation request. A route turns its body into a Job and knows how to
render outputs (a Renderer); everything between lives here, once:

    validate -> record -> admit -> generate -> JSON body, or SSE chunks

Errors propagate to the app's one handler (server/errors.py)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from gptship.engine.outputs import RequestOutput
from gptship.sampling import ParamError
from gptship.server.admission import admit
from gptship.server.generation import Job, generate, merged
from gptship.server.record import RequestRecord, Usage
from gptship.server.state import ServerState, get_state
from gptship.server.streaming import collected, streaming


class Renderer(Protocol):
    """A route's OpenAI shapes for its outputs."""

    def body(self, request_id: str, outputs: list[RequestOutput], usage: Usage) -> dict[str, Any]:
        """The JSON body of a finished request: each prompt's whole output."""
        ...

    def chunks(
        self,
        request_id: str,
        outputs: AsyncIterator[tuple[int, RequestOutput]],
        usage: Usage,
    ) -> AsyncIterator[dict[str, Any]]:
        """The stream's events, from deltas tagged with their prompt's index."""
        ...


async def run(request: Request, job: Job, renderer: Renderer) -> Response:
    state = get_state(request)
    await _validate(state, job)
    record = RequestRecord(state.model_name, Usage(job.prompt_tokens))
    if state.config.log_prompts:
        record.prompt = job.logged_prompt
    record.attach(request.scope)
    key = request.scope.get("state", {}).get("api_key")
    admission = admit(state, job.sequences, key, job.most_tokens)
    request_id = f"{job.id_prefix}-{uuid.uuid4().hex}"
    outputs = generate(state, request_id, job, record)
    timeout = state.config.request_timeout
    if job.stream:
        return streaming(admission, renderer.chunks(request_id, outputs, record.usage), timeout)
    final = await collected(request, admission, merged(outputs, len(job.prompts)), timeout)
    body = renderer.body(request_id, final, record.usage)
    return JSONResponse(body, headers=admission.headers)


async def _validate(state: ServerState, job: Job) -> None:
    """The engine's one check of every prompt, in this API's parameter names; compiling a
    JSON schema can take ~100 ms, so that runs off the event loop."""

    def check() -> None:
        for prompt in job.prompts:
            state.engine.validate(prompt, job.params)

    try:
        if job.params.structured is not None:
            await asyncio.to_thread(check)
        else:
            check()
    except ParamError as e:
        raise e.renamed(job.names) from None


def finish_reason(reason: str | None) -> str | None:
    """OpenAI has no "abort": an aborted sequence stopped."""
    return "stop" if reason == "abort" else reason


def finite(logprob: float) -> float:
    """JSON has no -inf: a token that could not be sampled (masked by a grammar or a bias)
    gets OpenAI's floor, -9999.0."""
    return max(logprob, -9999.0)
