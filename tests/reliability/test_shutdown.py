"""SIGTERM under load: every stream running when the signal comes either finishes inside the
grace period or, past it, ends with an error event and [DONE]; no stream is cut short, and
the exit code says which happened."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from gptship.server.run import EXIT_DRAIN_CUT
from tests.figures import FIGURES
from tests.server.conftest import MODEL, Server, start  # noqa: F401

pytestmark = pytest.mark.slow
STREAMS = 24


def stream(server: Server, max_tokens: int) -> list[str]:
    """The `data:` payloads of one streaming completion; [] if the body was cut."""
    body = {"model": MODEL, "prompt": "Hi", "max_tokens": max_tokens, "ignore_eos": True}
    with httpx.stream(
        "POST", f"{server.url}/v1/completions", json={**body, "stream": True}, timeout=120
    ) as r:
        assert r.status_code == 200, r.read()
        return [line[6:] for line in r.iter_lines() if line.startswith("data: ")]


def under_load(server: Server, max_tokens: int) -> tuple[list[list[str]], int, float]:
    """STREAMS streams; SIGTERM once all of them run. Their events, the exit code, and the
    seconds from the signal to the exit."""
    with ThreadPoolExecutor(STREAMS) as pool:
        futures = [pool.submit(stream, server, max_tokens) for _ in range(STREAMS)]
        while server.metric("gptship_requests_running") < STREAMS:
            assert not any(f.done() for f in futures), "a stream ended before the signal"
            time.sleep(0.02)
        signalled = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        refused = httpx.post(f"{server.url}/v1/completions", json={"model": MODEL, "prompt": "x"})
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "draining"
        results = [f.result(timeout=180) for f in futures]
    code = server.wait(60)
    return results, code, time.monotonic() - signalled


def test_sigterm_under_load_finishes_every_stream_in_the_grace_period(
    long_model: Path,
    start: Callable[..., Server],  # noqa: F811
) -> None:
    server = start(long_model, "--max-num-seqs", str(STREAMS), "--shutdown-timeout", "120")
    results, code, seconds = under_load(server, max_tokens=300)
    finished = [json.loads(events[-2])["choices"][0]["finish_reason"] for events in results]
    assert finished == ["length"] * STREAMS and all(e[-1] == "[DONE]" for e in results)
    assert code == 0, server.log
    FIGURES.append(
        f"SIGTERM under load: {STREAMS} streams of 300 tokens all finished (0 truncated), "
        f"exit 0 after {seconds:.1f} s"
    )


def test_sigterm_past_the_grace_period_tells_every_stream(
    long_model: Path,
    start: Callable[..., Server],  # noqa: F811
) -> None:
    server = start(long_model, "--max-num-seqs", str(STREAMS), "--shutdown-timeout", "1")
    results, code, seconds = under_load(server, max_tokens=8000)
    codes = [json.loads(events[-2])["error"]["code"] for events in results]
    assert codes == ["server_shutdown"] * STREAMS and all(e[-1] == "[DONE]" for e in results)
    assert code == EXIT_DRAIN_CUT, server.log
    FIGURES.append(
        f"SIGTERM past a 1 s grace period: {STREAMS} streams each ended with an error event "
        f"and [DONE] (0 cut mid-body), exit {code} after {seconds:.1f} s"
    )
