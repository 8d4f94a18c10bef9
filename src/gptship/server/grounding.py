"""A chat request to an assistant: its question retrieved against the assistant's own
collections (and no other), the passages that fit put into the grounded prompt, and the
answer's citations read back from its markers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import numpy as np

from gptship.assistants.prompt import citations, quotes, without_markers
from gptship.assistants.service import Assistant
from gptship.knowledge.documents import Passage
from gptship.model.generation_config import SamplingDefaults
from gptship.sampling import StructuredOutput
from gptship.server import params
from gptship.server.errors import APIError
from gptship.server.generation import Job
from gptship.server.protocol import ChatCompletionRequest, ChatMessage
from gptship.server.state import ServerState

_UNSUPPORTED = ("tools", "response_format", "guided_json", "guided_regex", "guided_choice",
                "guided_grammar", "structured_outputs")  # fmt: skip


async def grounded_job(
    state: ServerState, assistant: Assistant, body: ChatCompletionRequest
) -> tuple[Job, list[Passage]]:
    """The engine's job for a question to `assistant`, and the passages in its prompt."""
    for name in _UNSUPPORTED:
        value = getattr(body, name, None)
        if value is not None and not (name == "response_format" and value.type == "text"):
            raise APIError(
                400,
                f"'{assistant.name}' is an assistant: it answers in text with citations, so "
                f"{name} is not supported; send it to the model '{state.model_name}'",
                name,
            )
    conversation = _conversation(body.messages)
    question = conversation[-1]["content"]
    vector = None
    if assistant.needs_vectors:
        assert state.embeddings is not None  # checked at start (Assistant.open)
        embedder = state.embeddings.embedder
        rows = await state.embeddings.run(embedder.embed, [question], True)
        vector = np.asarray(rows[0])
    passages = await asyncio.to_thread(assistant.retrieve, question, vector)
    return await asyncio.to_thread(_job, state, assistant, body, conversation, passages)


def _job(
    state: ServerState,
    assistant: Assistant,
    body: ChatCompletionRequest,
    conversation: list[dict[str, str]],
    passages: list[Passage],
) -> tuple[Job, list[Passage]]:
    context = state.engine.limits.max_model_len
    requested = body.max_completion_tokens or body.max_tokens
    answer = min(requested or assistant.spec.max_tokens, context - 1)
    tokenizer = state.tokenizer

    def count(messages: list[dict[str, Any]]) -> int:
        return len(tokenizer.encode_chat(messages, add_generation_prompt=True))

    messages, kept = assistant.messages(conversation, passages, context - answer, count)
    prompt = tokenizer.encode_chat(messages, add_generation_prompt=True)
    # greedy unless the request asks otherwise: an answer copied from a source, not sampled
    defaults = SamplingDefaults({**tokenizer.sampling_defaults.values, "temperature": 0.0})
    quoting = None
    if assistant.spec.answer == "quote":
        quoting = StructuredOutput("choice", json.dumps(quotes(assistant.spec.handoff, kept)))
    sampling = params.sampling_params(
        body,
        defaults,
        params.max_tokens(requested, [prompt], context, answer),
        logprobs=(body.top_logprobs or 0) if body.logprobs else None,
        structured=quoting,
    )
    job = Job(
        "chatcmpl",
        [prompt],
        sampling,
        logged_prompt=messages,
        stream=body.stream,
        names={"prompt": "messages", "max_tokens": "max_tokens"},
    )
    return job, kept


def _conversation(messages: list[ChatMessage]) -> list[dict[str, str]]:
    """The user and assistant turns as text. System messages are the assistant's own
    (a client's are ignored); earlier answers lose their markers, whose sources are not
    in this prompt."""
    turns = []
    for i, m in enumerate(messages):
        if m.role in ("system", "developer"):
            continue
        if m.role == "tool" or m.tool_calls:
            raise APIError(400, "an assistant's conversation has no tool turns", f"messages[{i}]")
        text = m.content if isinstance(m.content, str) else "".join(p.text for p in m.content or [])
        if m.role == "assistant":
            text = without_markers(text)
        turns.append({"role": m.role, "content": text})
    if not turns or turns[-1]["role"] != "user" or not turns[-1]["content"].strip():
        raise APIError(400, "the last message must be the user's question", "messages")
    return turns


def cited(text: str, passages: list[Passage]) -> list[dict[str, Any]]:
    """The message's `citations`: the passages its markers name."""
    return [c.json() for c in citations(text, passages)]
