"""What one request may ask for is bounded before it reaches the engine: stop strings (count
and length), stop_token_ids, logit_bias, n x max_tokens and the size of a JSON schema. Over
a limit is a 400 in OpenAI's shape naming the limit and its setting (docs/server.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import LONG, MODEL, Server
from tests.server.test_errors import error, post

ENDPOINTS = {
    "/v1/completions": {"model": MODEL, "prompt": "Hi", "max_tokens": 4},
    "/v1/chat/completions": {
        "model": MODEL,
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 4,
    },
}
STOPS_AT_THE_LIMIT = ["x" * 256, *(f"never{i}" for i in range(15))]


@pytest.fixture(scope="module")
def server(long_model: Path) -> Iterator[Server]:
    """Every limit at its default; a context of 8192 for a stream that runs a while."""
    s = Server(long_model)
    yield s
    assert s.stop() == 0, s.log


@pytest.mark.parametrize("path", list(ENDPOINTS))
@pytest.mark.parametrize(
    ("extra", "param", "setting", "limit"),
    [
        ({"stop": [f"s{i}" for i in range(17)]}, "stop", "max_stops", 16),
        ({"stop": "x" * 257}, "stop", "max_stop_length", 256),
        ({"stop_token_ids": list(range(100, 117))}, "stop_token_ids", "max_stops", 16),
        ({"logit_bias": {str(i): 1 for i in range(301)}}, "logit_bias", "max_logit_bias", 300),
    ],
)
def test_a_request_over_a_limit_is_a_400_naming_it(
    server: Server, path: str, extra: dict[str, Any], param: str, setting: str, limit: int
) -> None:
    detail = error(post(server, path, {**ENDPOINTS[path], **extra}), 400)
    assert detail["param"] == param and detail["type"] == "invalid_request_error"
    assert setting in detail["message"] and f"limit of {limit}" in detail["message"]


def test_requests_at_the_limits_are_served(server: Server) -> None:
    reply = server.client().chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Hi"}],
        max_tokens=4,
        n=16,
        stop=STOPS_AT_THE_LIMIT,
        logit_bias={str(i): 1 for i in range(300)},
        extra_body={"stop_token_ids": list(range(100, 116))},
    )
    assert len(reply.choices) == 16


def test_a_json_schema_over_max_schema_bytes_is_a_400(server: Server) -> None:
    schema = {"type": "object", "description": "x" * 70_000}
    body = {
        **ENDPOINTS["/v1/chat/completions"],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "big", "schema": schema},
        },
    }
    detail = error(post(server, "/v1/chat/completions", body), 400)
    assert detail["param"] == "response_format"
    assert "max_schema_bytes" in detail["message"] and "65536" in detail["message"]


def test_n_x_max_tokens_over_max_output_tokens_is_a_400(chat_model: Path) -> None:
    server = Server(chat_model, "--max-output-tokens", "64")
    try:
        body: dict[str, Any] = {**ENDPOINTS["/v1/completions"], "n": 4, "max_tokens": 17}
        detail = error(post(server, "/v1/completions", body), 400)
        assert detail["param"] == "max_tokens"
        assert "68 output tokens" in detail["message"] and "max_output_tokens" in detail["message"]
        chat = {**ENDPOINTS["/v1/chat/completions"], "n": 4, "max_completion_tokens": 17}
        del chat["max_tokens"]
        detail = error(post(server, "/v1/chat/completions", chat), 400)
        assert detail["param"] == "max_completion_tokens"
        # left out, max_tokens is what the context and the limit leave: 64 / 4 each
        reply = server.client().chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": "Hi"}],
            n=4,
            extra_body={"ignore_eos": True},
        )
        assert reply.usage is not None and reply.usage.completion_tokens == 64
        assert {c.finish_reason for c in reply.choices} == {"length"}
    finally:
        assert server.stop() == 0, server.log


def test_a_huge_stop_string_is_refused_and_a_running_stream_goes_on(server: Server) -> None:
    """The issue's reproduction: a stop of 100,000 characters grew the server by 3-4.6 GB and
    held the engine loop for 7-13 s (its prefixes, per sample). 20,000 characters here (the
    old code needs 200 MB a sample for them): refused before the engine, while a stream that
    was running keeps its tokens coming."""
    with httpx.stream("POST", f"{server.url}/v1/completions", json=LONG, timeout=60) as stream:
        assert stream.status_code == 200
        events = (line for line in stream.iter_lines() if line.startswith("data: "))
        first = json.loads(next(events)[6:])
        body = {**ENDPOINTS["/v1/completions"], "n": 2, "stop": "y" * 20_000}
        detail = error(post(server, "/v1/completions", body), 400)
        assert detail["param"] == "stop" and "max_stop_length" in detail["message"]
        later = [json.loads(next(events)[6:]) for _ in range(5)]
        assert all(
            e["id"] == first["id"] and e["choices"][0]["finish_reason"] is None for e in later
        )
