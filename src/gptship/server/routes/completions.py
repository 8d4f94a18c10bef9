"""POST /v1/completions: text in, text out, as OpenAI's legacy completions API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gptship.engine.outputs import CompletionOutput, RequestOutput
from gptship.model.tokenizer import Tokenizer
from gptship.server import params, pipeline
from gptship.server.errors import APIError
from gptship.server.generation import Job
from gptship.server.pipeline import finish_reason, finite
from gptship.server.protocol import CompletionRequest
from gptship.server.record import Usage
from gptship.server.state import ServerState, open_request

router = APIRouter()


@router.post("/v1/completions", response_model=None)
async def completions(body: CompletionRequest, request: Request) -> Response:
    state = open_request(request, body)
    if body.model in state.assistants:
        raise APIError(
            400,
            f"'{body.model}' is an assistant: ask it through /v1/chat/completions",
            "model",
            "wrong_endpoint",
        )
    job = await asyncio.to_thread(_job, state, body)  # tokenizing: off the event loop
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return await pipeline.run(request, job, _Completions(state, body, job.prompts, include_usage))


def _job(state: ServerState, body: CompletionRequest) -> Job:
    if body.suffix:
        raise APIError(400, "suffix is not supported by this server", "suffix")
    if body.best_of is not None and body.best_of != body.n:
        raise APIError(400, "best_of must equal n (or be left out)", "best_of")
    if body.echo and body.logprobs is not None:
        raise APIError(400, "echo with logprobs (prompt logprobs) is not supported", "echo")
    prompts = _prompt_ids(body.prompt, state.tokenizer)
    most = state.config.engine.max_output_tokens // body.n
    budget = params.max_tokens(body.max_tokens, prompts, state.engine.limits.max_model_len, most)
    structured, names = params.structured_output(body)
    sampling = params.sampling_params(
        body, state.tokenizer.sampling_defaults, budget, body.logprobs, structured
    )
    return Job(
        "cmpl", prompts, sampling, logged_prompt=body.prompt, stream=body.stream, names=names
    )


def _prompt_ids(
    prompt: str | list[str] | list[int] | list[list[int]], tok: Tokenizer
) -> list[list[int]]:
    """Every form OpenAI accepts -> one list of token ids per prompt."""
    items: list[str] | list[int] | list[list[int]] = [prompt] if isinstance(prompt, str) else prompt
    if not items:
        raise APIError(400, "prompt is empty", "prompt")
    if all(isinstance(p, int) for p in items):
        return [[int(p) for p in items]]  # type: ignore[arg-type]
    ids = [tok.encode(p) if isinstance(p, str) else list(p) for p in items]  # type: ignore[arg-type]
    if not all(ids):
        raise APIError(400, "prompt has an empty entry", "prompt")
    return ids


@dataclass
class _Completions:
    """OpenAI's text_completion shape, whole or streamed; choice i * n + k is sample k of
    prompt i."""

    state: ServerState
    request: CompletionRequest
    prompts: list[list[int]]
    include_usage: bool
    echoed: set[int] = field(default_factory=set)  # choices whose stream has sent the echo
    offsets: dict[int, int] = field(default_factory=dict)  # each choice's text_offset so far

    def body(self, request_id: str, outputs: list[RequestOutput], usage: Usage) -> dict[str, Any]:
        tok, n = self.state.tokenizer, self.request.n
        choices = []
        for i, out in enumerate(outputs):
            echo = tok.decode(self.prompts[i]) if self.request.echo else ""
            for sample in out.outputs:
                logprobs = _logprobs(tok, sample) if sample.logprobs is not None else None
                choices.append(_choice(i * n + sample.index, echo + sample.text, logprobs, sample))
        return {**self._head(request_id), "choices": choices, "usage": usage.openai()}

    async def chunks(
        self, request_id: str, outputs: AsyncIterator[tuple[int, RequestOutput]], usage: Usage
    ) -> AsyncIterator[dict[str, Any]]:
        head = self._head(request_id)
        extra = {"usage": None} if self.include_usage else {}
        async for i, out in outputs:
            for sample in out.outputs:
                choice = self._chunk_choice(i * self.request.n + sample.index, i, sample)
                if choice is not None:
                    yield {**head, "choices": [choice], **extra}
        if self.include_usage:
            yield {**head, "choices": [], "usage": usage.openai()}

    def _chunk_choice(
        self, index: int, prompt: int, sample: CompletionOutput
    ) -> dict[str, Any] | None:
        tok = self.state.tokenizer
        echo = ""
        if self.request.echo and index not in self.echoed:
            echo = tok.decode(self.prompts[prompt])
            self.echoed.add(index)
        logprobs = None
        if sample.logprobs is not None:
            logprobs = _logprobs(tok, sample, self.offsets.get(index, 0))
            self.offsets[index] = self.offsets.get(index, 0) + len("".join(logprobs["tokens"]))
        if not (echo or sample.text or sample.finish_reason or logprobs):
            return None  # a token that completes no character yet
        return _choice(index, echo + sample.text, logprobs, sample)

    def _head(self, request_id: str) -> dict[str, Any]:
        model, created = self.state.model_name, int(time.time())
        return {"id": request_id, "object": "text_completion", "created": created, "model": model}


def _choice(
    index: int, text: str, logprobs: dict[str, Any] | None, sample: CompletionOutput
) -> dict[str, Any]:
    return {
        "index": index,
        "text": text,
        "logprobs": logprobs,
        "finish_reason": finish_reason(sample.finish_reason),
    }


def _logprobs(tok: Tokenizer, sample: CompletionOutput, offset: int = 0) -> dict[str, Any]:
    """OpenAI's legacy shape: parallel lists of tokens, logprobs, top alternatives, offsets."""
    tokens, offsets = [], []
    for entry in sample.logprobs or []:
        text = tok.decode([entry.token_id], skip_special_tokens=False)
        offsets.append(offset)
        offset += len(text)
        tokens.append(text)
    return {
        "tokens": tokens,
        "token_logprobs": [finite(e.logprob) for e in sample.logprobs or []],
        "top_logprobs": [
            {tok.decode([t], skip_special_tokens=False): finite(lp) for t, lp in e.top}
            for e in sample.logprobs or []
        ],
        "text_offset": offsets,
    }
