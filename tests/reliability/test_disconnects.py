"""100 clients that leave mid-generation, ten at a time, in five ways: closing the stream after
its first event or after several, closing the socket (FIN) or resetting it (RST) once the
first event arrived, and giving up on a non-streaming request. Within a second of the last,
the engine holds no request and no KV block; the server still answers, and logs no
traceback."""

from __future__ import annotations

import json
import socket
import struct
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import chain, zip_longest
from pathlib import Path

import httpx
import pytest

from tests.figures import FIGURES
from tests.reliability.conftest import seconds_to_idle
from tests.server.conftest import LONG, MODEL, Server, log_records

AT_ONCE = 10
COMPLETIONS, CHAT = "/v1/completions", "/v1/chat/completions"
TIMEOUT = httpx.Timeout(30)
# a chat that would run for thousands of tokens, two choices at once
LONG_CHAT = {
    "model": MODEL,
    "messages": [{"role": "user", "content": "Hi"}],
    "max_tokens": 8000,
    "ignore_eos": True,
    "n": 2,
    "stream": True,
}


def after_events(url: str, events: int, path: str = COMPLETIONS) -> float:
    """Read `events` events of a long stream, then close it; returns when."""
    body = LONG if path == COMPLETIONS else LONG_CHAT
    with httpx.stream("POST", url + path, json=body, timeout=TIMEOUT) as response:
        assert response.status_code == 200, response.read()
        lines = (line for line in response.iter_lines() if line)
        for _ in range(events):
            assert next(lines).startswith("data: {")
    return time.monotonic()


def socket_closed(port: int, reset: bool) -> float:
    """Send a streaming request by hand, wait for its first event, then close the socket:
    with SO_LINGER 0 the kernel sends RST instead of FIN."""
    body = json.dumps(LONG).encode()
    head = f"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode() + body)
        received = b""
        while b"data: {" not in received:
            chunk = sock.recv(65536)
            assert chunk, f"the server closed the connection first: {received!r}"
            received += chunk
        assert received.startswith(b"HTTP/1.1 200"), received[:200]
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return time.monotonic()


def gives_up(url: str) -> float:
    """A non-streaming request whose client stops waiting after 0.3 s."""
    with pytest.raises(httpx.ReadTimeout):
        timeout = httpx.Timeout(30, read=0.3)
        httpx.post(f"{url}/v1/completions", json={**LONG, "stream": False}, timeout=timeout)
    return time.monotonic()


def plan(server: Server) -> dict[str, list[Callable[[], float]]]:
    url, port = server.url, server.port
    return {
        "closed after the first event": [lambda: after_events(url, 1)] * 40,
        "closed after 2-16 events (chat with n=2, or completions)": [
            partial(after_events, url, e, CHAT if e % 2 else COMPLETIONS) for e in range(2, 17)
        ],
        "socket closed (FIN)": [lambda: socket_closed(port, reset=False)] * 15,
        "socket reset (RST)": [lambda: socket_closed(port, reset=True)] * 15,
        "non-streaming, client gone after 0.3 s": [lambda: gives_up(url)] * 15,
    }


@pytest.mark.slow
def test_100_disconnects_leave_the_engine_idle(model: Path) -> None:
    server = Server(model)
    try:
        kinds = plan(server)
        # interleaved, so that every batch of ten mixes the ways of leaving
        leavers = [f for f in chain(*zip_longest(*kinds.values())) if f is not None]
        assert len(leavers) == 100
        start = time.monotonic()
        with ThreadPoolExecutor(AT_ONCE) as pool:
            last = max(pool.map(lambda leave: leave(), leavers))
        idle = seconds_to_idle(server, since=last)
        took = time.monotonic() - start
        answer = httpx.post(
            f"{server.url}/v1/completions",
            json={"model": MODEL, "prompt": "Hi", "max_tokens": 4, "ignore_eos": True},
            timeout=TIMEOUT,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["choices"][0]["finish_reason"] == "length"
        assert after_events(server.url, 1) > 0  # and still streams
    finally:
        code = server.stop()
    logged = log_records(server.log)
    gone = sum(line.get("status") == 499 for line in logged)
    counts = ", ".join(f"{len(v)} {k}" for k, v in kinds.items())
    FIGURES.append(
        f"disconnects: 100 ({counts}), {AT_ONCE} at a time, in {took:.1f} s: the engine idle "
        f"{idle * 1000:.0f} ms after the last; {gone} x 499 logged"
    )
    assert idle < 1.0
    assert gone == len(kinds["non-streaming, client gone after 0.3 s"])
    assert code == 0 and "Traceback" not in server.log, server.log[-5000:]
