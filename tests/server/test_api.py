"""The OpenAI API of a running server, through the official SDK (its types check every shape)
and httpx."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import openai
import pytest

from tests.server.conftest import MODEL, Server

GREEDY = {"temperature": 0, "max_tokens": 24, "extra_body": {"ignore_eos": True}}


def test_models(server: Server) -> None:
    models = server.client().models.list()
    assert [m.id for m in models.data] == [MODEL]
    assert server.client().models.retrieve(MODEL).id == MODEL


def test_completion_stream_equals_non_stream(server: Server) -> None:
    client = server.client()
    whole = client.completions.create(model=MODEL, prompt="The quick brown fox", **GREEDY)  # type: ignore[arg-type]
    assert whole.object == "text_completion" and whole.choices[0].finish_reason == "length"
    assert whole.usage is not None and whole.usage.completion_tokens == 24
    chunks = list(
        client.completions.create(
            model=MODEL,
            prompt="The quick brown fox",
            stream=True,
            stream_options={"include_usage": True},
            **GREEDY,  # type: ignore[arg-type]
        )
    )
    assert "".join(c.choices[0].text for c in chunks if c.choices) == whole.choices[0].text
    assert chunks[-1].usage == whole.usage and chunks[-1].choices == []


def test_chat_stream_equals_non_stream(server: Server) -> None:
    client = server.client()
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": "Hello there"}]},
    ]
    whole = client.chat.completions.create(model=MODEL, messages=messages, **GREEDY)  # type: ignore[arg-type]
    assert whole.object == "chat.completion"
    assert whole.choices[0].message.role == "assistant"
    stream = client.chat.completions.create(
        model=MODEL,
        messages=messages,  # type: ignore[arg-type]
        stream=True,
        stream_options={"include_usage": True},
        **GREEDY,  # type: ignore[arg-type]
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert chunks[-1].usage == whole.usage
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"


def test_max_completion_tokens_and_n(server: Server) -> None:
    out = server.client().chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Hi"}],
        max_completion_tokens=5,
        n=3,
        temperature=1,
        seed=3,
        extra_body={"ignore_eos": True},
    )
    assert [c.index for c in out.choices] == [0, 1, 2]
    assert out.usage is not None and out.usage.completion_tokens == 15


def test_same_seed_same_text_whatever_else_runs(server: Server) -> None:
    async def run() -> list[str]:
        async with server.async_client() as client:

            async def ask(seed: int) -> str:
                out = await client.completions.create(
                    model=MODEL, prompt="Numbers like", max_tokens=16, temperature=1, seed=seed
                )
                return out.choices[0].text

            alone = await ask(7)
            crowd = await asyncio.gather(ask(1), ask(7), ask(2), ask(7))
            return [alone, crowd[1], crowd[3], crowd[0]]

    alone, again, third, other = asyncio.run(run())
    assert alone == again == third
    assert other != alone


def test_32_concurrent_streams(server: Server) -> None:
    async def run() -> list[tuple[str, str | None, int]]:
        async with server.async_client() as client:
            return await asyncio.gather(*(one(client, i) for i in range(32)))

    async def one(client: openai.AsyncOpenAI, i: int) -> tuple[str, str | None, int]:
        stream = await client.chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": f"Question number {i}"}],
            max_tokens=12,
            stream=True,
            stream_options={"include_usage": True},
            extra_body={"ignore_eos": True},
        )
        text, reason, tokens = "", None, 0
        async for chunk in stream:
            if chunk.choices:
                text += chunk.choices[0].delta.content or ""
                reason = chunk.choices[0].finish_reason or reason
            if chunk.usage is not None:
                tokens = chunk.usage.completion_tokens
        return text, reason, tokens

    results = asyncio.run(run())
    assert all(reason == "length" and tokens == 12 for _, reason, tokens in results)
    assert server.metric("gptship_requests_running") == 0


def test_prompt_forms_and_echo(server: Server) -> None:
    client = server.client()
    ids = httpx.post(f"{server.url}/tokenize", json={"prompt": "Hello"}).json()["tokens"]
    for prompt, count in [("Hello", 1), (["Hello", "Bye"], 2), (ids, 1), ([ids, ids], 2)]:
        out = client.completions.create(model=MODEL, prompt=prompt, max_tokens=3, n=2)
        assert sorted(c.index for c in out.choices) == list(range(2 * count))
    echoed = client.completions.create(model=MODEL, prompt="Hello", max_tokens=3, echo=True)
    assert echoed.choices[0].text.startswith("Hello")


def test_logprobs(server: Server) -> None:
    client = server.client()
    out = client.completions.create(
        model=MODEL, prompt="Hi", max_tokens=4, logprobs=2, **{"temperature": 0}
    )
    lp = out.choices[0].logprobs
    assert lp is not None and len(lp.token_logprobs or []) == 4
    assert all(len(top) <= 2 for top in lp.top_logprobs or [])
    chat = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Hi"}],
        max_tokens=4,
        logprobs=True,
        top_logprobs=3,
        temperature=0,
        extra_body={"ignore_eos": True},
    )
    content = chat.choices[0].logprobs.content  # type: ignore[union-attr]
    assert content is not None and len(content) == 4
    assert all(len(t.top_logprobs) == 3 and t.logprob <= 0 for t in content)
    # greedy: the chosen token is the most likely one
    assert all(t.top_logprobs[0].logprob == pytest.approx(t.logprob) for t in content)


def test_logprob_bytes_are_each_tokens_own_and_rebuild_the_text(server: Server) -> None:
    """The two tokens of "é" (bytes C3 A9 in a byte-level vocabulary) decode as U+FFFD each:
    their bytes must be their own, so that joined they rebuild the text; and `refusal` is
    in the message, null (OpenAI's schema requires it)."""
    ids = httpx.post(
        f"{server.url}/tokenize", json={"prompt": "é", "add_special_tokens": False}
    ).json()["tokens"]
    assert len(ids) == 2  # one character split over two tokens
    body = {
        "model": MODEL,
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 24,
        "logprobs": True,
        "temperature": 0,
        "ignore_eos": True,
        "logit_bias": {str(i): 100 for i in ids},  # only those two tokens
    }
    raw = httpx.post(f"{server.url}/v1/chat/completions", json=body, timeout=60).json()
    message = raw["choices"][0]["message"]
    assert "refusal" in message and message["refusal"] is None
    pieces = [bytes(t["bytes"]) for t in raw["choices"][0]["logprobs"]["content"]]
    assert set(pieces) <= {b"\xc3", b"\xa9"}, pieces  # not U+FFFD's bytes
    assert b"".join(pieces).decode("utf-8", "replace") == message["content"]
    sdk = {k: v for k, v in body.items() if k != "ignore_eos"}  # the official SDK's types
    chat = server.client().chat.completions.create(**sdk, extra_body={"ignore_eos": True})  # type: ignore[call-overload]
    assert chat.choices[0].message.refusal is None and chat.choices[0].logprobs is not None


def test_stop_strings_are_cut(server: Server) -> None:
    client = server.client()
    free = (
        client.completions.create(model=MODEL, prompt="The", max_tokens=24, temperature=0)
        .choices[0]
        .text
    )
    stop = free[6:8] if len(free) > 8 else free[-2:]
    out = client.completions.create(
        model=MODEL, prompt="The", max_tokens=24, temperature=0, stop=[stop]
    )
    assert out.choices[0].finish_reason == "stop"
    assert out.choices[0].text == free[: free.index(stop)]


def test_tokenize_detokenize(server: Server) -> None:
    tokens = httpx.post(f"{server.url}/tokenize", json={"prompt": "Hello world"}).json()
    assert tokens["count"] == len(tokens["tokens"]) and tokens["max_model_len"] == 256
    text = httpx.post(f"{server.url}/detokenize", json={"tokens": tokens["tokens"]}).json()
    assert text["prompt"].endswith("Hello world")
    chat = httpx.post(
        f"{server.url}/tokenize", json={"messages": [{"role": "user", "content": "Hi"}]}
    ).json()
    assert chat["count"] > 2


def test_request_id_is_honoured(server: Server) -> None:
    r = httpx.get(f"{server.url}/v1/models", headers={"X-Request-ID": "trace-42"})
    assert r.headers["x-request-id"] == "trace-42"
    generated = httpx.get(f"{server.url}/v1/models").headers["x-request-id"]
    assert len(generated) == 32
    bad = httpx.get(f"{server.url}/v1/models", headers={"X-Request-ID": "a b\tc"})
    assert bad.headers["x-request-id"] != "a b\tc"


def test_metrics_after_traffic(server: Server) -> None:
    server.client().completions.create(model=MODEL, prompt="Hi", max_tokens=2)
    text = httpx.get(f"{server.url}/metrics").text
    for name in [
        'gptship_requests_total{endpoint="/v1/completions",status="200"}',
        "gptship_time_to_first_token_seconds_count",
        "gptship_inter_token_latency_seconds_count",
        "gptship_e2e_request_latency_seconds_count",
        "gptship_request_queue_time_seconds_count",
        "gptship_prompt_tokens_total",
        "gptship_generation_tokens_total",
        "gptship_requests_waiting",
        "gptship_kv_cache_usage_ratio",
        "gptship_prefix_cache_hit_ratio",
        "gptship_preemptions_total",
    ]:
        assert name in text, name
    for histogram in ("time_to_first_token", "request_queue_time", "e2e_request_latency"):
        assert server.metric(f"gptship_{histogram}_seconds_count") > 0
    assert json.loads(httpx.get(f"{server.url}/ready").text) == {"status": "ready"}


ONE_ANSWER = {
    "type": "object",
    "properties": {"status": {"enum": ["open"]}, "priority": {"const": 2}},
    "required": ["status", "priority"],
    "additionalProperties": False,
}


def test_response_format_json_schema(server: Server) -> None:
    client = server.client()
    fmt = {"type": "json_schema", "json_schema": {"name": "ticket", "schema": ONE_ANSWER}}
    messages = [{"role": "user", "content": "File a ticket"}]
    out = client.chat.completions.create(
        model=MODEL,
        messages=messages,
        response_format=fmt,
        max_tokens=40,  # type: ignore[arg-type]
    )
    assert out.choices[0].finish_reason == "stop"
    assert json.loads(out.choices[0].message.content or "") == {"status": "open", "priority": 2}
    streamed = client.chat.completions.create(
        model=MODEL,
        messages=messages,  # type: ignore[arg-type]
        response_format=fmt,  # type: ignore[arg-type]
        max_tokens=40,
        stream=True,
    )
    text = "".join(c.choices[0].delta.content or "" for c in streamed if c.choices)
    assert text == out.choices[0].message.content


def test_response_format_json_object(server: Server) -> None:
    outs = server.client().chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Reply in JSON"}],
        response_format={"type": "json_object"},
        max_tokens=120,
        n=6,
        seed=1,
        logprobs=True,
        top_logprobs=2,
    )
    finished = [c for c in outs.choices if c.finish_reason == "stop"]
    assert finished, "no sample finished its JSON within 120 tokens"
    for choice in finished:
        assert isinstance(json.loads(choice.message.content or ""), dict)
        # masked alternatives are reported at OpenAI's floor, never as -Infinity
        tops = [t.logprob for tok in choice.logprobs.content or [] for t in tok.top_logprobs]  # type: ignore[union-attr]
        assert all(-9999.0 <= lp <= 0 for lp in tops)


def test_response_format_errors(server: Server) -> None:
    body = {"model": MODEL, "messages": [{"role": "user", "content": "x"}]}
    for fmt in (
        {"type": "json_schema", "json_schema": {"name": "t", "schema": {"type": "nope"}}},
        {"type": "json_schema", "json_schema": {"name": "bad name!", "schema": {}}},
        {"type": "xml"},
    ):
        r = httpx.post(f"{server.url}/v1/chat/completions", json={**body, "response_format": fmt})
        assert r.status_code == 400, r.text
        assert r.json()["error"]["param"].startswith("response_format")


@pytest.mark.parametrize("prefix_caching", [True, False])
def test_prefix_caching_can_be_turned_off(chat_model: Path, prefix_caching: bool) -> None:
    """`--no-prefix-caching` reaches the engine: the second of two identical long prompts
    takes its blocks from the cache only where caching is on; the answers are the same."""
    flag = "--prefix-caching" if prefix_caching else "--no-prefix-caching"
    server = Server(chat_model, flag, "--no-cuda-graphs", "--block-size", "8")
    try:
        prompt = " ".join(["the cache holds whole blocks of this prompt"] * 4)
        texts = [
            server.client().completions.create(model=MODEL, prompt=prompt, **GREEDY).choices[0].text  # type: ignore[arg-type]
            for _ in range(2)
        ]
        assert texts[0] == texts[1]
        hits = server.metric("gptship_prefix_cache_hits_total")
        assert (hits > 0) == prefix_caching, hits
    finally:
        assert server.stop() == 0, server.log
