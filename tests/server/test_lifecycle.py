"""Requests that end early (disconnects, timeouts), a graceful SIGTERM, a dead engine, and the
request log."""

from __future__ import annotations

import asyncio
import json
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gptship.config import ServerConfig
from gptship.engine.async_engine import AsyncEngine
from gptship.engine.engine import LLMEngine
from gptship.model.loader import load
from gptship.server.app import build_app
from tests.server.conftest import LONG, MODEL, Server, log_records, running_stream


@pytest.fixture(scope="module")
def long_server(long_model: Path) -> Iterator[Server]:
    s = Server(long_model, "--log-prompts")
    yield s
    assert s.stop() == 0, s.log


def wait_until_idle(server: Server, timeout: float = 10) -> None:
    """The engine holds no request and no KV block (the running gauge alone can lag a step)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            server.metric("gptship_requests_running") == 0
            and server.metric("gptship_kv_cache_blocks_used") == 0
        ):
            return
        time.sleep(0.02)
    raise AssertionError("the engine still holds requests or KV blocks")


def test_disconnect_mid_stream_frees_the_blocks(long_server: Server) -> None:
    generated = server_tokens = long_server.metric("gptship_generation_tokens_total")
    with running_stream(long_server):
        assert long_server.metric("gptship_requests_running") == 1
        assert long_server.metric("gptship_kv_cache_blocks_used") > 0
    wait_until_idle(long_server)
    server_tokens = long_server.metric("gptship_generation_tokens_total")
    assert server_tokens - generated < 8000  # aborted long before max_tokens


def test_non_streaming_client_that_goes_away(long_server: Server) -> None:
    before = long_server.metric("gptship_generation_tokens_total")
    body = {**LONG, "stream": False}
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{long_server.url}/v1/completions", json=body, timeout=0.5)
    wait_until_idle(long_server)
    assert long_server.metric("gptship_generation_tokens_total") - before < 8000


def test_request_timeout(long_model: Path) -> None:
    server = Server(long_model, "--request-timeout", "0.5")
    try:
        r = httpx.post(f"{server.url}/v1/completions", json={**LONG, "stream": False}, timeout=30)
        assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
        with httpx.stream("POST", f"{server.url}/v1/completions", json=LONG, timeout=30) as s:
            events = [line for line in s.iter_lines() if line]
        assert json.loads(events[-2].removeprefix("data: "))["error"]["code"] == "timeout"
        assert events[-1] == "data: [DONE]"
        wait_until_idle(server)
    finally:
        assert server.stop() == 0


def test_sigterm_drains_in_flight_requests_then_exits_0(long_model: Path) -> None:
    server = Server(long_model, "--shutdown-timeout", "60")
    body = {**LONG, "max_tokens": 400}
    result: dict[str, object] = {}

    def stream() -> None:
        with httpx.stream("POST", f"{server.url}/v1/completions", json=body, timeout=60) as r:
            events = [json.loads(line[6:]) for line in r.iter_lines() if line[6:7] == "{"]
        result["finish"] = events[-1]["choices"][0]["finish_reason"]

    thread = threading.Thread(target=stream)
    thread.start()
    while server.metric("gptship_requests_running") == 0:
        time.sleep(0.01)
    server.proc.send_signal(signal.SIGTERM)
    ready = httpx.get(f"{server.url}/ready", timeout=5)
    assert ready.status_code == 503 and ready.json()["error"]["code"] == "draining"
    refused = httpx.post(f"{server.url}/v1/completions", json={**body, "stream": False})
    assert refused.status_code == 503
    thread.join(60)
    assert result["finish"] == "length"  # the in-flight stream ran to its end
    assert server.stop() == 0


def test_request_log_lines(long_server: Server) -> None:
    httpx.post(
        f"{long_server.url}/v1/completions",
        json={"model": MODEL, "prompt": "secret plans", "max_tokens": 3},
        headers={"X-Request-ID": "log-check-1"},
    )
    code = long_server.stop()
    lines = log_records(long_server.log)
    mine = [line for line in lines if line.get("request_id") == "log-check-1"]
    assert code == 0 and len(mine) == 1
    line = mine[0]
    assert line["status"] == 200 and line["prompt_tokens"] > 0 and line["completion_tokens"] == 3
    assert line["ttft_ms"] >= 0 and line["duration_ms"] > 0 and line["model"] == MODEL
    assert line["prompt"] == "secret plans"  # --log-prompts


def test_a_dead_engine_is_503_and_not_ready(long_model: Path) -> None:
    """The engine's step raises (a real failure injected into the real loop)."""
    model, tokenizer = load(long_model)
    config = ServerConfig(model=str(long_model), served_model_name=MODEL)
    llm = LLMEngine(model, tokenizer, config.engine)

    def broken_step() -> list[object]:
        raise RuntimeError("CUDA error: an illegal memory access was encountered")

    llm.step = broken_step  # type: ignore[method-assign]
    app = build_app(AsyncEngine(llm), tokenizer, config)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                assert (await client.get("/ready")).status_code == 200
                first = await client.post(
                    "/v1/completions", json={"model": MODEL, "prompt": "Hi", "max_tokens": 4}
                )
                assert first.status_code == 503, first.text
                assert "illegal memory access" in first.json()["error"]["message"]
                again = await client.post(
                    "/v1/completions", json={"model": MODEL, "prompt": "Hi", "max_tokens": 4}
                )
                assert again.status_code == 503 and again.json()["error"]["code"] == "engine_dead"
                assert (await client.get("/ready")).status_code == 503
                health = await client.get("/health")  # the liveness probe fails too
                assert health.status_code == 503 and health.json()["error"]["code"] == "engine_dead"

    asyncio.run(run())
