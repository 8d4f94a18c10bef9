"""POST /v1/chat/completions: messages through the model's chat template, as OpenAI's API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gptship.engine.outputs import CompletionOutput, RequestOutput, TokenLogprob
from gptship.errors import GptshipError
from gptship.model.tokenizer import Tokenizer
from gptship.sampling import StructuredOutput
from gptship.server import params, pipeline
from gptship.server.errors import APIError
from gptship.server.generation import Job
from gptship.server.pipeline import finish_reason, finite
from gptship.server.protocol import ChatCompletionRequest, ChatMessage
from gptship.server.record import Usage
from gptship.server.state import ServerState, open_request

router = APIRouter()


@router.post("/v1/chat/completions", response_model=None)
async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
    state = open_request(request, body)
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    job = await asyncio.to_thread(_job, state, body)  # tokenizing: off the event loop
    return await pipeline.run(request, job, _Chat(state, body.n, include_usage))


def _job(state: ServerState, body: ChatCompletionRequest) -> Job:
    if body.tools or body.tool_choice not in (None, "none"):
        raise APIError(400, "tools and tool_choice are not supported by this server", "tools")
    if body.top_logprobs is not None and not body.logprobs:
        raise APIError(400, "top_logprobs needs logprobs set to true", "top_logprobs")
    prompt = encode_messages(state.tokenizer, body.messages)
    requested = body.max_completion_tokens or body.max_tokens
    most = state.config.engine.max_output_tokens // body.n
    budget = params.max_tokens(requested, [prompt], state.engine.limits.max_model_len, most)
    fmt = body.response_format
    sampling = params.sampling_params(
        body,
        state.tokenizer.sampling_defaults,
        budget,
        logprobs=(body.top_logprobs or 0) if body.logprobs else None,
        structured=StructuredOutput.from_openai(
            fmt.model_dump(by_alias=True, exclude_none=True) if fmt else None
        ),
    )
    return Job(
        "chatcmpl",
        [prompt],
        sampling,
        logged_prompt=[m.model_dump(exclude_none=True) for m in body.messages],
        stream=body.stream,
        names={
            "prompt": "messages",
            "max_tokens": "max_completion_tokens" if body.max_completion_tokens else "max_tokens",
        },
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


@dataclass
class _Chat:
    """OpenAI's chat.completion and chat.completion.chunk shapes."""

    state: ServerState
    n: int
    include_usage: bool  # a last chunk with the usage; `"usage": null` on the others

    def body(self, request_id: str, outputs: list[RequestOutput], usage: Usage) -> dict[str, Any]:
        tok = self.state.tokenizer
        choices = [
            {
                "index": s.index,
                "message": {"role": "assistant", "content": s.text, "refusal": None},
                "logprobs": _logprobs(tok, s.logprobs) if s.logprobs is not None else None,
                "finish_reason": finish_reason(s.finish_reason),
            }
            for s in outputs[0].outputs
        ]
        head = self._head(request_id, "chat.completion")
        return {**head, "choices": choices, "usage": usage.openai()}

    async def chunks(
        self, request_id: str, outputs: AsyncIterator[tuple[int, RequestOutput]], usage: Usage
    ) -> AsyncIterator[dict[str, Any]]:
        head = self._head(request_id, "chat.completion.chunk")
        extra = {"usage": None} if self.include_usage else {}
        for index in range(self.n):  # OpenAI opens each choice with the role and empty content
            delta = {"role": "assistant", "content": "", "refusal": None}
            choice = {"index": index, "delta": delta, "logprobs": None, "finish_reason": None}
            yield {**head, "choices": [choice], **extra}
        async for _, out in outputs:
            for sample in out.outputs:
                if sample.text or sample.finish_reason or sample.logprobs:
                    yield {**head, "choices": [_delta(self.state.tokenizer, sample)], **extra}
        if self.include_usage:
            yield {**head, "choices": [], "usage": usage.openai()}

    def _head(self, request_id: str, kind: str) -> dict[str, Any]:
        model, created = self.state.model_name, int(time.time())
        return {"id": request_id, "object": kind, "created": created, "model": model}


def _delta(tok: Tokenizer, sample: CompletionOutput) -> dict[str, Any]:
    logprobs = _logprobs(tok, sample.logprobs) if sample.logprobs is not None else None
    return {
        "index": sample.index,
        "delta": {"content": sample.text} if sample.text else {},
        "logprobs": logprobs,
        "finish_reason": finish_reason(sample.finish_reason),
    }


def _logprobs(tok: Tokenizer, entries: list[TokenLogprob]) -> dict[str, Any]:
    def token(token_id: int, logprob: float) -> dict[str, Any]:
        text = tok.decode([token_id], skip_special_tokens=False)
        # the token's own bytes: half a character decodes as U+FFFD, its bytes rebuild it
        raw = tok.token_bytes[token_id] if token_id < len(tok.token_bytes) else b""
        return {"token": text, "logprob": finite(logprob), "bytes": list(raw)}

    content = [
        {**token(e.token_id, e.logprob), "top_logprobs": [token(t, lp) for t, lp in e.top]}
        for e in entries
    ]
    return {"content": content, "refusal": None}
