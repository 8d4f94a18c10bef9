"""POST /v1/chat/completions: messages through the model's chat template, as OpenAI's API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gptship.engine.outputs import CompletionOutput, RequestOutput, TokenLogprob
from gptship.errors import GptshipError
from gptship.knowledge.documents import Passage
from gptship.model.tokenizer import Tokenizer
from gptship.sampling import ParamError, StructuredOutput
from gptship.server import params, pipeline
from gptship.server.errors import APIError
from gptship.server.generation import Job
from gptship.server.grounding import cited, grounded_job
from gptship.server.pipeline import finish_reason, finite
from gptship.server.protocol import ChatCompletionRequest, ChatMessage
from gptship.server.record import Usage
from gptship.server.state import ServerState, open_request
from gptship.server.tools import ToolSpec, ToolStream, chat_turns, parse_output

router = APIRouter()


@router.post("/v1/chat/completions", response_model=None)
async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
    state = open_request(request, body)
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    assistant = state.assistants.get(body.model or "")
    if assistant is not None:
        job, sources = await grounded_job(state, assistant, body)
        chat = _Chat(state, body.n, include_usage, model=assistant.name, sources=sources)
        return await pipeline.run(request, job, chat)
    tools = ToolSpec.from_request(body)
    job = await asyncio.to_thread(_job, state, body, tools)  # tokenizing: off the event loop
    parsed = tools if tools is not None and tools.parses else None
    return await pipeline.run(request, job, _Chat(state, body.n, include_usage, parsed))


def _job(state: ServerState, body: ChatCompletionRequest, tools: ToolSpec | None) -> Job:
    if body.top_logprobs is not None and not body.logprobs:
        raise APIError(400, "top_logprobs needs logprobs set to true", "top_logprobs")
    prompt = encode_messages(state.tokenizer, body.messages, tools)
    requested = body.max_completion_tokens or body.max_tokens
    most = state.config.engine.max_output_tokens // body.n
    budget = params.max_tokens(requested, [prompt], state.engine.limits.max_model_len, most)
    structured, structured_names = _structured(body, tools)
    sampling = params.sampling_params(
        body,
        state.tokenizer.sampling_defaults,
        budget,
        logprobs=(body.top_logprobs or 0) if body.logprobs else None,
        structured=structured,
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
            **structured_names,
        },
    )


def _structured(
    body: ChatCompletionRequest, tools: ToolSpec | None
) -> tuple[StructuredOutput | None, dict[str, str]]:
    """response_format, a forced tool call's schema (the same grammar machinery) or guided
    decoding; with the request's names for the engine's parameter."""
    fmt = body.response_format
    given = None
    if tools is not None and tools.forced:
        if fmt is not None and fmt.type != "text":
            raise ParamError("response_format", "cannot be combined with a forced tool call")
        given = (tools.structured(), "tool_choice")
    elif fmt is not None:
        spec = StructuredOutput.from_openai(fmt.model_dump(by_alias=True, exclude_none=True))
        given = (spec, "response_format") if spec is not None else None
    return params.structured_output(body, given)


def encode_messages(
    tokenizer: Tokenizer, messages: list[ChatMessage], tools: ToolSpec | None = None
) -> list[int]:
    turns, variables = chat_turns(tokenizer, messages, tools)
    try:
        return tokenizer.encode_chat(turns, add_generation_prompt=True, **variables)
    except GptshipError as e:
        raise APIError(400, str(e), "messages") from None


@dataclass
class _Chat:
    """OpenAI's chat.completion and chat.completion.chunk shapes."""

    state: ServerState
    n: int
    include_usage: bool  # a last chunk with the usage; `"usage": null` on the others
    tools: ToolSpec | None = None  # outputs are parsed for tool calls
    model: str | None = None  # the id answered as (an assistant's), else the model's
    sources: list[Passage] | None = None  # an assistant's: the answer's `citations` name them
    _texts: dict[int, str] = field(default_factory=dict)  # streamed so far, for citations

    def body(self, request_id: str, outputs: list[RequestOutput], usage: Usage) -> dict[str, Any]:
        tok = self.state.tokenizer
        choices = []
        for s in outputs[0].outputs:
            message, reason = self._message(s)
            logprobs = _logprobs(tok, s.logprobs) if s.logprobs is not None else None
            choice = {"index": s.index, "message": message, "logprobs": logprobs}
            choices.append({**choice, "finish_reason": reason})
        head = self._head(request_id, "chat.completion")
        return {**head, "choices": choices, "usage": usage.openai()}

    def _message(self, s: CompletionOutput) -> tuple[dict[str, Any], str | None]:
        """The assistant message and the finish reason: with tools, the calls it makes."""
        message: dict[str, Any] = {"role": "assistant", "content": s.text, "refusal": None}
        if self.sources is not None:
            message["citations"] = cited(s.text, self.sources)
        if self.tools is None:
            return message, finish_reason(s.finish_reason)
        out = parse_output(s.text, self.tools)
        message["content"] = out.content if out.content or not out.calls else None
        if out.calls:
            message["tool_calls"] = [c.openai() for c in out.calls]
        return message, _reason(s.finish_reason, bool(out.calls))

    async def chunks(
        self, request_id: str, outputs: AsyncIterator[tuple[int, RequestOutput]], usage: Usage
    ) -> AsyncIterator[dict[str, Any]]:
        head = self._head(request_id, "chat.completion.chunk")
        extra = {"usage": None} if self.include_usage else {}
        for index in range(self.n):  # OpenAI opens each choice with the role and empty content
            delta = {"role": "assistant", "content": "", "refusal": None}
            choice = {"index": index, "delta": delta, "logprobs": None, "finish_reason": None}
            yield {**head, "choices": [choice], **extra}
        streams = _streams(self.tools, self.n)
        async for _, out in outputs:
            for sample in out.outputs:
                if streams:
                    for choice in _tool_deltas(self.state.tokenizer, sample, streams[sample.index]):
                        yield {**head, "choices": [choice], **extra}
                elif sample.text or sample.finish_reason or sample.logprobs:
                    choice = _delta(self.state.tokenizer, sample)
                    if self.sources is not None:
                        self._cite(sample, choice)
                    yield {**head, "choices": [choice], **extra}
        if self.include_usage:
            yield {**head, "choices": [], "usage": usage.openai()}

    def _cite(self, sample: CompletionOutput, choice: dict[str, Any]) -> None:
        """An assistant's stream: the last delta of a sample carries its `citations`."""
        text = self._texts[sample.index] = self._texts.get(sample.index, "") + sample.text
        if sample.finish_reason and self.sources is not None:
            choice["delta"]["citations"] = cited(text, self.sources)

    def _head(self, request_id: str, kind: str) -> dict[str, Any]:
        model, created = self.model or self.state.model_name, int(time.time())
        return {"id": request_id, "object": kind, "created": created, "model": model}


def _delta(tok: Tokenizer, sample: CompletionOutput) -> dict[str, Any]:
    logprobs = _logprobs(tok, sample.logprobs) if sample.logprobs is not None else None
    delta: dict[str, Any] = {"content": sample.text} if sample.text else {}
    return {
        "index": sample.index,
        "delta": delta,
        "logprobs": logprobs,
        "finish_reason": finish_reason(sample.finish_reason),
    }


def _streams(tools: ToolSpec | None, n: int) -> dict[int, ToolStream]:
    """Each choice's own splitter of content and calls; none without tools to parse."""
    if tools is None:
        return {}
    return {i: ToolStream(tools.names, "forced" if tools.forced else "auto") for i in range(n)}


def _tool_deltas(
    tok: Tokenizer, sample: CompletionOutput, stream: ToolStream
) -> list[dict[str, Any]]:
    """A sample's delta as choices: the content that cannot be a call, then each complete
    call; the finish reason on the last."""
    piece = stream.feed(sample.text)
    if sample.finish_reason:
        piece += stream.finish()
    logprobs = _logprobs(tok, sample.logprobs) if sample.logprobs is not None else None
    deltas: list[dict[str, Any]] = []
    if piece.content or logprobs:
        deltas.append({"content": piece.content} if piece.content else {})
    first = stream.called - len(piece.calls)
    for index, call in enumerate(piece.calls, first):
        deltas += [{"tool_calls": [d]} for d in call.deltas(index)]
    if sample.finish_reason and not deltas:
        deltas.append({})
    reason = _reason(sample.finish_reason, stream.called > 0)
    return [
        {
            "index": sample.index,
            "delta": delta,
            "logprobs": logprobs if i == 0 else None,
            "finish_reason": reason if i == len(deltas) - 1 else None,
        }
        for i, delta in enumerate(deltas)
    ]


def _reason(reason: str | None, called: bool) -> str | None:
    """A sample that called a tool finished with "tool_calls", unless it ran out of room;
    one still running (a call streamed before its end) has no reason yet."""
    return "tool_calls" if called and reason not in (None, "length") else finish_reason(reason)


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
