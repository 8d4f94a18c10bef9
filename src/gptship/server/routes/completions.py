"""POST /v1/completions: text in, text out, as OpenAI's legacy completions API."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from gptship.engine.outputs import CompletionOutput, RequestOutput
from gptship.model.tokenizer import Tokenizer
from gptship.server import serving
from gptship.server.errors import APIError
from gptship.server.protocol import CompletionRequest
from gptship.server.serving import ServerState

router = APIRouter()


@router.post("/v1/completions", response_model=None)
async def completions(
    body: CompletionRequest, request: Request
) -> JSONResponse | StreamingResponse:
    state = serving.open_request(request, body)
    if body.suffix:
        raise APIError(400, "suffix is not supported by this server", "suffix")
    if body.best_of is not None and body.best_of != body.n:
        raise APIError(400, "best_of must equal n (or be left out)", "best_of")
    if body.echo and body.logprobs is not None:
        raise APIError(400, "echo with logprobs (prompt logprobs) is not supported", "echo")
    prompts = _prompt_ids(body.prompt, state.tokenizer)
    budgets = [
        serving.completion_budget(state, len(p), body.max_tokens, "max_tokens", "prompt")
        for p in prompts
    ]
    params = serving.sampling_params(
        body, min(budgets), body.logprobs, state.tokenizer.sampling_defaults
    )
    rid = serving.request_id("cmpl")
    key = request.scope.get("state", {}).get("api_key")
    tokens = sum(len(p) for p in prompts) + params.max_tokens * params.n * len(prompts)
    log = serving.request_log(request, state, body.prompt)
    usage = log["usage"]
    serving.check_prompts(state, prompts, params)
    admission = serving.admit(state, len(prompts) * params.n, key, tokens)
    outputs = serving.generate(state, rid, prompts, params, log)
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        events = _chunks(state, body, rid, prompts, outputs, include_usage, usage)
        return serving.streaming(state, admission, events)
    final = await serving.collected(request, state, admission, _collect(outputs, len(prompts)))
    choices = []
    for i, out in enumerate(final):
        echo = state.tokenizer.decode(prompts[i]) if body.echo else ""
        for sample in out.outputs:
            choices.append(_choice(state.tokenizer, i * params.n + sample.index, sample, echo))
    completion_tokens = sum(len(s.token_ids) for o in final for s in o.outputs)
    usage.update(prompt_tokens=sum(map(len, prompts)), completion_tokens=completion_tokens)
    return JSONResponse(
        {
            "id": rid,
            "object": "text_completion",
            "created": int(time.time()),
            "model": state.model_name,
            "choices": choices,
            "usage": serving.usage(sum(map(len, prompts)), completion_tokens),
        },
        headers=admission.headers,
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


async def _collect(
    outputs: AsyncIterator[tuple[int, RequestOutput]], count: int
) -> list[RequestOutput]:
    merged: dict[int, RequestOutput] = {}
    async for i, out in outputs:
        if i in merged:
            merged[i].extend(out)
        else:
            merged[i] = out
    return [merged[i] for i in range(count)]


def _choice(tok: Tokenizer, index: int, sample: CompletionOutput, echo: str) -> dict[str, Any]:
    return {
        "index": index,
        "text": echo + sample.text,
        "logprobs": _logprobs(tok, sample) if sample.logprobs is not None else None,
        "finish_reason": serving.finish_reason(sample.finish_reason),
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
        "token_logprobs": [serving.finite(e.logprob) for e in sample.logprobs or []],
        "top_logprobs": [
            {tok.decode([t], skip_special_tokens=False): serving.finite(lp) for t, lp in e.top}
            for e in sample.logprobs or []
        ],
        "text_offset": offsets,
    }


async def _chunks(
    state: ServerState,
    body: CompletionRequest,
    rid: str,
    prompts: list[list[int]],
    outputs: AsyncIterator[tuple[int, RequestOutput]],
    include_usage: bool,
    usage: dict[str, int],
) -> AsyncIterator[dict[str, Any]]:
    created, n = int(time.time()), body.n
    head = {"id": rid, "object": "text_completion", "created": created, "model": state.model_name}
    echoed: set[int] = set()
    offsets: dict[int, int] = {}
    completion_tokens = 0
    async for i, out in outputs:
        for sample in out.outputs:
            index = i * n + sample.index
            echo = ""
            if body.echo and index not in echoed:
                echo = state.tokenizer.decode(prompts[i])
                echoed.add(index)
            logprobs = None
            if sample.logprobs is not None:
                logprobs = _logprobs(state.tokenizer, sample, offsets.get(index, 0))
                offsets[index] = offsets.get(index, 0) + len("".join(logprobs["tokens"]))
            completion_tokens += len(sample.token_ids)
            if not (echo or sample.text or sample.finish_reason or logprobs):
                continue  # a token that completes no character yet
            choice = {
                "index": index,
                "text": echo + sample.text,
                "logprobs": logprobs,
                "finish_reason": serving.finish_reason(sample.finish_reason),
            }
            yield {**head, "choices": [choice], **({"usage": None} if include_usage else {})}
    usage.update(prompt_tokens=sum(map(len, prompts)), completion_tokens=completion_tokens)
    if include_usage:
        yield {
            **head,
            "choices": [],
            "usage": serving.usage(sum(map(len, prompts)), completion_tokens),
        }
