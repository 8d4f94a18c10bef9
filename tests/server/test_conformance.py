"""Every body the server sends, read raw with httpx, against OpenAI's API spec as the official
SDK types it: each validates as the SDK's model, carries every key the spec requires (the
SDK's Optional fields include some the spec requires, as null: NULLABLE), and no key the
SDK does not declare, at any depth."""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
import pytest
from openai.types import Completion, CompletionChoice, CreateEmbeddingResponse, Model
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionMessage,
    chat_completion,
    chat_completion_chunk,
)
from openai.types.chat.chat_completion_token_logprob import ChatCompletionTokenLogprob, TopLogprob
from openai.types.shared import ErrorObject
from pydantic import BaseModel, ConfigDict

from tests.server.conftest import MODEL, Server
from tests.tiny_bert import make_bert_dir

M = TypeVar("M", bound=BaseModel)
EMBED = "tiny-bert"  # the embedding model's directory name: its default id

# keys the spec requires whose value may be null, which the SDK types as Optional
NULLABLE: dict[type[BaseModel], set[str]] = {
    chat_completion.Choice: {"logprobs"},
    ChatCompletionMessage: {"content", "refusal"},
    chat_completion.ChoiceLogprobs: {"content", "refusal"},
    chat_completion_chunk.ChoiceLogprobs: {"content", "refusal"},
    chat_completion_chunk.Choice: {"finish_reason"},
    ChatCompletionTokenLogprob: {"bytes"},
    TopLogprob: {"bytes"},
    CompletionChoice: {"logprobs"},
    ErrorObject: {"param", "code"},
}
# gptship's documented extensions (docs/server.md): the context length on a model card
EXTENSIONS: dict[type[BaseModel], set[str]] = {Model: {"max_model_len"}}


class ModelList(BaseModel):  # the spec's ListModelsResponse; the SDK reads it as a page
    model_config = ConfigDict(extra="allow")
    object: Literal["list"]
    data: list[Model]


class ErrorResponse(BaseModel):  # the spec's ErrorResponse; the SDK raises it as an exception
    model_config = ConfigDict(extra="allow")
    error: ErrorObject


class StreamedChoice(CompletionChoice):
    """The spec gives streamed completions the whole one's shape, but OpenAI (as this
    server) sends finish_reason null until a choice ends; present, as in chat chunks."""

    finish_reason: Literal["stop", "length", "content_filter"] | None  # type: ignore[assignment]


class StreamedCompletion(Completion):
    choices: list[StreamedChoice]  # type: ignore[assignment]


def conforms(model: type[M], raw: Any) -> M:
    value = model.model_validate(raw)
    _walk(value, raw, "$")
    return value


def _walk(value: Any, raw: Any, path: str) -> None:
    """The validated `value` beside the raw JSON it came from, key by key."""
    if isinstance(value, BaseModel):
        assert isinstance(raw, dict), f"{path}: {raw!r} is not an object"
        kinds = type(value).__mro__
        keys = {field.alias or name: name for name, field in type(value).model_fields.items()}
        unknown = set(raw) - set(keys) - set().union(*(EXTENSIONS.get(k, ()) for k in kinds))
        assert not unknown, f"{path}: {sorted(unknown)} not in {type(value).__name__}"
        fields = type(value).model_fields
        required = {key for key, name in keys.items() if fields[name].is_required()}
        required |= set().union(*(NULLABLE.get(k, ()) for k in kinds))
        assert required <= set(raw), f"{path}: {sorted(required - set(raw))} missing"
        for key, name in keys.items():
            if key in raw:
                _walk(getattr(value, name), raw[key], f"{path}.{key}")
    elif isinstance(value, list):
        assert isinstance(raw, list) and len(raw) == len(value), path
        for i, (item, raw_item) in enumerate(zip(value, raw, strict=True)):
            _walk(item, raw_item, f"{path}[{i}]")


@pytest.fixture(scope="module")
def served(long_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The long context: the tool prompt of a template without tools takes a few hundred
    tokens. The tiny BERT beside it serves /v1/embeddings."""
    bert = tmp_path_factory.mktemp("embed") / EMBED
    bert.mkdir()
    make_bert_dir(bert, pooling="mean")
    s = Server(long_model, "--embedding-model", str(bert), "--kv-cache-memory", "16MiB")
    yield s
    assert s.stop() == 0, s.log


def post(server: Server, path: str, body: dict[str, Any], status: int = 200) -> Any:
    r = httpx.post(f"{server.url}/v1/{path}", json=body, timeout=60)
    assert r.status_code == status, r.text
    return r.json()


def events(server: Server, path: str, body: dict[str, Any]) -> list[Any]:
    """A stream's `data:` events, each parsed, up to `[DONE]` (which must end it)."""
    body = {**body, "stream": True, "stream_options": {"include_usage": True}}
    with httpx.stream("POST", f"{server.url}/v1/{path}", json=body, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        data = [line.removeprefix("data: ") for line in r.iter_lines() if line]
    assert data[-1] == "[DONE]" and all(d != "[DONE]" for d in data[:-1])
    return [json.loads(d) for d in data[:-1]]


def tool(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": list(properties)}
    return {"type": "function", "function": {"name": name, "parameters": schema}}


TOOLS = [tool("get_weather", {"city": {"type": "string", "maxLength": 8}}), tool("search", {})]
CALL = r'<tool_call>\{"name": "search", "arguments": \{\}\}</tool_call>'  # as Hermes writes one
POINT = {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}
CHAT = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 8}
CHATS: dict[str, dict[str, Any]] = {
    "plain": {},
    "n2-logprobs": {"n": 2, "logprobs": True, "top_logprobs": 2},
    "json-schema": {
        "max_tokens": 40,
        "response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": POINT}},
    },
    "named-tool": {
        "tools": TOOLS,
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "max_tokens": 60,
    },
    "required-tool": {"tools": TOOLS, "tool_choice": "required", "max_tokens": 60},
    # the tiny model calls no tool of itself: a regex makes it write one, in auto mode
    "auto-tool": {"tools": TOOLS, "tool_choice": "auto", "guided_regex": CALL, "max_tokens": 60},
}
CALLS = {"named-tool", "required-tool", "auto-tool"}


@pytest.mark.parametrize("name", CHATS)
def test_chat_completion(served: Server, name: str) -> None:
    out = conforms(ChatCompletion, post(served, "chat/completions", {**CHAT, **CHATS[name]}))
    assert len(out.choices) == CHATS[name].get("n", 1)
    if name in CALLS:
        assert out.choices[0].message.tool_calls and out.choices[0].finish_reason == "tool_calls"
    if "logprobs" in CHATS[name]:
        assert all(c.logprobs and c.logprobs.content for c in out.choices)


@pytest.mark.parametrize("name", CHATS)
def test_chat_chunks(served: Server, name: str) -> None:
    chunks = [
        conforms(ChatCompletionChunk, c)
        for c in events(served, "chat/completions", {**CHAT, **CHATS[name]})
    ]
    *deltas, last = chunks
    assert last.choices == [] and last.usage is not None and last.usage.completion_tokens > 0
    assert all(c.usage is None and len(c.choices) == 1 for c in deltas)
    reasons = [c.choices[0].finish_reason for c in deltas if c.choices[0].finish_reason]
    assert len(reasons) == CHATS[name].get("n", 1)
    if name in CALLS:
        assert any(c.choices[0].delta.tool_calls for c in deltas) and "tool_calls" in reasons


COMPLETIONS: dict[str, dict[str, Any]] = {
    "plain": {},
    "logprobs": {"logprobs": 2, "n": 2},
    "echo": {"echo": True, "prompt": ["Hi", "there"]},
}
PROMPT = {"model": MODEL, "prompt": "The quick brown fox", "max_tokens": 8}


@pytest.mark.parametrize("name", COMPLETIONS)
def test_completion(served: Server, name: str) -> None:
    body = {**PROMPT, **COMPLETIONS[name]}
    out = conforms(Completion, post(served, "completions", body))
    assert out.usage is not None and out.choices[0].finish_reason in ("stop", "length")
    if name == "logprobs":
        assert all(c.logprobs and c.logprobs.tokens for c in out.choices)


@pytest.mark.parametrize("name", COMPLETIONS)
def test_completion_chunks(served: Server, name: str) -> None:
    raw = events(served, "completions", {**PROMPT, **COMPLETIONS[name]})
    *deltas, last = [conforms(StreamedCompletion, c) for c in raw]
    assert last.choices == [] and last.usage is not None
    assert all(c.usage is None and c.choices for c in deltas)


def test_embeddings(served: Server) -> None:
    body = {"model": EMBED, "input": ["Hello", "there"]}
    floats = conforms(CreateEmbeddingResponse, post(served, "embeddings", body))
    raw = post(served, "embeddings", {**body, "encoding_format": "base64"})
    for item in raw["data"]:  # the spec types only floats: base64 is their float32 bytes
        packed = base64.b64decode(item["embedding"])
        item["embedding"] = list(struct.unpack(f"<{len(packed) // 4}f", packed))
    assert conforms(CreateEmbeddingResponse, raw) == floats


def test_models(served: Server) -> None:
    models = conforms(ModelList, httpx.get(f"{served.url}/v1/models", timeout=10).json())
    assert [m.id for m in models.data] == [MODEL, EMBED]
    for model in models.data:
        r = httpx.get(f"{served.url}/v1/models/{model.id}", timeout=10)
        assert conforms(Model, r.json()) == model


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("chat/completions", {**CHAT, "temperature": 9}, 400),
        ("chat/completions", {**CHAT, "tool_choice": "required"}, 400),
        ("completions", {**PROMPT, "unknown": 1}, 400),
        ("embeddings", {"model": EMBED, "input": []}, 400),
        ("completions", {**PROMPT, "model": "nope"}, 404),
    ],
)
def test_errors(served: Server, path: str, body: dict[str, Any], status: int) -> None:
    error = conforms(ErrorResponse, post(served, path, body, status)).error
    assert error.message and error.type == "invalid_request_error"
