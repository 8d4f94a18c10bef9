"""A soak: 64 streams held open for minutes (GPTSHIP_SOAK_SECONDS, 180 by default), each
asking for short completions or chats in a loop, half as raw Server-Sent Events over httpx
and half through the official openai client. No request fails, every stream ends as OpenAI's
do, and the server's resident memory stays flat once it has warmed up."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx
import openai
import pytest

from tests.figures import FIGURES
from tests.reliability.conftest import gauges, rss_kib
from tests.server.conftest import MODEL, Server

STREAMS = 64
SECONDS = float(os.environ.get("GPTSHIP_SOAK_SECONDS", "180"))
WARMUP = min(30.0, SECONDS / 4)  # allocator pools and caches fill in the first seconds
SAMPLE_EVERY = 2.0  # seconds between readings of the server's RSS and gauges
REQUEST_TIMEOUT = 60.0
ARGS = ("--max-num-seqs", str(STREAMS), "--max-model-len", "512")


@dataclass
class Tally:
    requests: int = 0
    tokens: int = 0
    ttft: list[float] = field(default_factory=list)  # seconds to the first generated text
    errors: list[str] = field(default_factory=list)
    rss: list[tuple[float, int]] = field(default_factory=list)  # (seconds in, KiB)
    peak_running: float = 0


def max_tokens(worker: int, turn: int) -> int:
    return 8 + (worker + turn) % 25  # short requests of differing lengths


def temperature(worker: int) -> float:
    return (worker % 3) * 0.5  # greedy, and sampled at two temperatures


async def completion(http: httpx.AsyncClient, worker: int, turn: int, tally: Tally) -> None:
    """Raw SSE: a chunk per event, one finish_reason at the end, the usage, then [DONE]."""
    start = time.monotonic()
    body = {
        "model": MODEL,
        "prompt": f"stream {worker % 8} says hello, turn {turn}",  # prompts share prefixes
        "max_tokens": max_tokens(worker, turn),
        "temperature": temperature(worker),
        "seed": turn,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    events: list[str] = []
    async with http.stream("POST", "/v1/completions", json=body) as response:
        assert response.status_code == 200, await response.aread()
        async for line in response.aiter_lines():
            if line and not events:
                tally.ttft.append(time.monotonic() - start)
            events += [line] if line else []
    assert events[-1] == "data: [DONE]", events[-3:]
    chunks = [json.loads(event.removeprefix("data: ")) for event in events[:-1]]
    assert all("error" not in chunk for chunk in chunks), chunks[-1]
    finishes = [chunk["choices"][0]["finish_reason"] for chunk in chunks if chunk["choices"]]
    assert finishes[-1] in ("stop", "length") and not any(finishes[:-1]), finishes
    tally.tokens += chunks[-1]["usage"]["completion_tokens"]


async def chat(client: openai.AsyncOpenAI, worker: int, turn: int, tally: Tally) -> None:
    """The official client: the role chunk, text chunks, a finish_reason, then the usage."""
    start = time.monotonic()
    content = f"stream {worker % 8} asks, turn {turn}: hello"
    stream = await client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": content}],
        max_tokens=max_tokens(worker, turn),
        temperature=temperature(worker),
        seed=turn,
        stream=True,
        stream_options={"include_usage": True},
    )
    finishes: list[str | None] = []
    usage, first = None, True
    async with stream:
        async for chunk in stream:
            if first and chunk.choices and chunk.choices[0].delta.role is None:
                tally.ttft.append(time.monotonic() - start)  # the role chunk comes at once
                first = False
            finishes += [choice.finish_reason for choice in chunk.choices]
            usage = chunk.usage or usage
    assert finishes[-1] in ("stop", "length") and not any(finishes[:-1]), finishes
    assert usage is not None
    tally.tokens += usage.completion_tokens


Send = Callable[[int, Tally], Awaitable[None]]  # one request: its turn, and the tally


async def worker(index: int, send: Send, end: float, tally: Tally) -> int:
    """Requests one after another until `end`; returns how many it sent."""
    turn = 0
    while time.monotonic() < end:
        turn += 1
        try:
            await asyncio.wait_for(send(turn, tally), REQUEST_TIMEOUT)
            tally.requests += 1
        except Exception as e:  # counted, and the stream goes on: the figure says how many
            when = f"{time.monotonic() - end + SECONDS:.1f} s in"
            tally.errors.append(f"stream {index}, request {turn}, {when}: {e!r} ({e.__cause__!r})")
    return turn


async def sample(server: Server, start: float, end: float, tally: Tally) -> None:
    while time.monotonic() < end:
        tally.rss.append((time.monotonic() - start, rss_kib(server)))
        running = (await asyncio.to_thread(gauges, server))["gptship_requests_running"]
        tally.peak_running = max(tally.peak_running, running)
        await asyncio.sleep(SAMPLE_EVERY)
    tally.rss.append((time.monotonic() - start, rss_kib(server)))  # the load is still on


async def soak(server: Server, tally: Tally) -> list[int]:
    start = time.monotonic()
    end = start + SECONDS
    # idle connections dropped after 2 s: uvicorn closes them after 5 s, and a request sent on
    # a connection the server is closing fails (a race of HTTP/1.1 keep-alive, not a server failure)
    limits = httpx.Limits(max_connections=STREAMS, keepalive_expiry=2)
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=REQUEST_TIMEOUT, limits=limits) as http,
        openai.AsyncOpenAI(
            base_url=f"{server.url}/v1",
            api_key="unused",
            max_retries=0,
            http_client=httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits),
        ) as client,
    ):
        sampler = asyncio.ensure_future(sample(server, start, end, tally))
        senders = [
            partial(completion, http, i) if i % 2 else partial(chat, client, i)
            for i in range(STREAMS)
        ]
        turns = await asyncio.gather(*(worker(i, s, end, tally) for i, s in enumerate(senders)))
        await sampler
    return turns


@pytest.mark.slow
def test_64_streams_for_minutes(model: Path) -> None:
    server = Server(model, *ARGS)
    tally = Tally()
    try:
        turns = asyncio.run(asyncio.wait_for(soak(server, tally), SECONDS + 2 * REQUEST_TIMEOUT))
    finally:
        code = server.stop()
    warm = next(kib for t, kib in tally.rss if t >= WARMUP)
    final = tally.rss[-1][1]
    FIGURES.append(figure(tally, warm, final))
    assert not tally.errors, "\n".join(tally.errors[:20] + server.log.splitlines()[-40:])
    assert min(turns) >= 2  # every stream was served, more than once
    assert final < warm * 1.05, tally.rss
    assert code == 0 and "Traceback" not in server.log, server.log[-5000:]


def figure(tally: Tally, warm: int, final: int) -> str:
    p = statistics.quantiles(tally.ttft, n=100)
    peak = max(kib for _, kib in tally.rss)
    rate = tally.tokens / SECONDS
    return (
        f"soak: {STREAMS} streams x {SECONDS:.0f} s: {tally.requests:,} requests, "
        f"{len(tally.errors)} errors, {tally.tokens:,} tokens ({rate:,.0f} tok/s), "
        f"TTFT p50 {p[49] * 1000:.0f} ms p99 {p[98] * 1000:.0f} ms, "
        f"peak {tally.peak_running:.0f} running; RSS {warm / 1024:.1f} MiB at {WARMUP:.0f} s "
        f"-> {final / 1024:.1f} MiB at the end ({(final / warm - 1) * 100:+.1f}%, "
        f"peak {peak / 1024:.1f} MiB)"
    )
