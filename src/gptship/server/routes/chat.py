"""POST /v1/chat/completions: messages through the model's chat template, as OpenAI's API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from gptship.engine.outputs import CompletionOutput, RequestOutput, TokenLogprob
from gptship.engine.request import ParamError, StructuredOutput
from gptship.errors import GptshipError
from gptship.model.tokenizer import Tokenizer
from gptship.server import serving
from gptship.server.errors import APIError
from gptship.server.protocol import ChatCompletionRequest, ChatMessage
from gptship.server.serving import ServerState

router = APIRouter()


@router.post("/v1/chat/completions", response_model=None)
async def chat_completions(
    body: ChatCompletionRequest, request: Request
) -> JSONResponse | StreamingResponse:
    state = serving.open_request(request, body)
    if body.tools or body.tool_choice not in (None, "none"):
        raise APIError(400, "tools and tool_choice are not supported by this server", "tools")
    if body.top_logprobs is not None and not body.logprobs:
        raise APIError(400, "top_logprobs needs logprobs set to true", "top_logprobs")
    prompt = encode_messages(state.tokenizer, body.messages)
    requested = body.max_completion_tokens or body.max_tokens
    param = "max_completion_tokens" if body.max_completion_tokens else "max_tokens"
    budget = serving.completion_budget(state, len(prompt), requested, param, "messages")
    logprobs = (body.top_logprobs or 0) if body.logprobs else None
    params = serving.sampling_params(
        body, budget, logprobs, state.tokenizer.sampling_defaults, **structured(body)
    )
    if params.structured is not None:  # compiling a schema can take ~100 ms: off the loop
        await asyncio.to_thread(serving.check_prompts, state, [prompt], params)
    else:
        serving.check_prompts(state, [prompt], params)
    key = request.scope.get("state", {}).get("api_key")
    messages = [m.model_dump(exclude_none=True) for m in body.messages]
    log = serving.request_log(request, state, messages)
    usage = log["usage"]
    usage["prompt_tokens"] = len(prompt)
    admission = serving.admit(state, params.n, key, len(prompt) + budget * params.n)
    rid = serving.request_id("chatcmpl")
    outputs = serving.generate(state, rid, [prompt], params, log)
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        events = _chunks(state, rid, body.n, outputs, include_usage, usage)
        return serving.streaming(state, admission, events)
    final = await serving.collected(request, state, admission, _collect(outputs))
    completion_tokens = sum(len(s.token_ids) for s in final.outputs)
    usage["completion_tokens"] = completion_tokens
    choices = [
        {
            "index": s.index,
            "message": {"role": "assistant", "content": s.text},
            "logprobs": _logprobs(state.tokenizer, s.logprobs) if s.logprobs is not None else None,
            "finish_reason": serving.finish_reason(s.finish_reason),
        }
        for s in final.outputs
    ]
    return JSONResponse(
        {
            "id": rid,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": state.model_name,
            "choices": choices,
            "usage": serving.usage(len(prompt), completion_tokens),
        },
        headers=admission.headers,
    )


def encode_messages(tokenizer: Tokenizer, messages: list[ChatMessage]) -> list[int]:
    turns = []
    for m in messages:
        turn = m.model_dump(exclude_none=True)
        if m.role == "developer":  # OpenAI's newer name for system; templates know "system"
            turn["role"] = "system"
        turns.append(turn)
    try:
        return tokenizer.encode_chat(turns, add_generation_prompt=True)
    except GptshipError as e:
        raise APIError(400, str(e), "messages") from None


def structured(body: ChatCompletionRequest) -> dict[str, Any]:
    """SamplingParams options for response_format (text: none)."""
    if body.response_format is None:
        return {}
    fmt = body.response_format.model_dump(by_alias=True, exclude_none=True)
    try:
        return {"structured": StructuredOutput.from_openai(fmt)}
    except ParamError as e:
        raise APIError(400, str(e), e.param) from None


async def _collect(outputs: AsyncIterator[tuple[int, RequestOutput]]) -> RequestOutput:
    final: RequestOutput | None = None
    async for _, out in outputs:
        if final is None:
            final = out
        else:
            final.extend(out)
    assert final is not None  # the engine always sends a last, finished output
    return final


def _logprobs(tok: Tokenizer, entries: list[TokenLogprob]) -> dict[str, Any]:
    def token(token_id: int, logprob: float) -> dict[str, Any]:
        text = tok.decode([token_id], skip_special_tokens=False)
        return {"token": text, "logprob": serving.finite(logprob), "bytes": list(text.encode())}

    content = [
        {**token(e.token_id, e.logprob), "top_logprobs": [token(t, lp) for t, lp in e.top]}
        for e in entries
    ]
    return {"content": content, "refusal": None}


async def _chunks(
    state: ServerState,
    rid: str,
    n: int,
    outputs: AsyncIterator[tuple[int, RequestOutput]],
    include_usage: bool,
    usage: dict[str, int],
) -> AsyncIterator[dict[str, Any]]:
    head = {
        "id": rid,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": state.model_name,
    }
    extra = {"usage": None} if include_usage else {}
    for index in range(n):  # OpenAI opens each choice with the role and empty content
        delta = {"role": "assistant", "content": ""}
        choice = {"index": index, "delta": delta, "logprobs": None, "finish_reason": None}
        yield {**head, "choices": [choice], **extra}
    async for _, out in outputs:
        for sample in out.outputs:
            usage["completion_tokens"] += len(sample.token_ids)
            if sample.text or sample.finish_reason or sample.logprobs:
                yield {**head, "choices": [_delta(state.tokenizer, sample)], **extra}
    if include_usage:
        total = serving.usage(usage["prompt_tokens"], usage["completion_tokens"])
        yield {**head, "choices": [], "usage": total}


def _delta(tok: Tokenizer, sample: CompletionOutput) -> dict[str, Any]:
    logprobs = _logprobs(tok, sample.logprobs) if sample.logprobs is not None else None
    return {
        "index": sample.index,
        "delta": {"content": sample.text} if sample.text else {},
        "logprobs": logprobs,
        "finish_reason": serving.finish_reason(sample.finish_reason),
    }
