"""Liveness and shutdown that tell the truth, on a real `gptship serve` with faults injected
into its engine (tests/faults): a dead or wedged engine fails /health and ends the process
with code 3, the cause logged once; systemd's watchdog hears from the server only while its
engine advances; streams still running when the shutdown timeout passes get an error event
and [DONE], and the exit code says so."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from gptship.server.run import EXIT_DRAIN_CUT, EXIT_ENGINE_FAILED
from tests.server.conftest import LONG, Server, log_records

FAULTS = Path(__file__).parents[1] / "faults"


def faulty(fault: str, after: int = 0, **env: str) -> dict[str, str]:
    """The environment of a server whose engine step fails (`raise`/`hang`) after `after`
    steps."""
    path = os.pathsep.join(filter(None, [str(FAULTS), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "GPTSHIP_FAULT": fault, "GPTSHIP_FAULT_AFTER": str(after), **env}


def stream_events(server: Server, body: dict[str, object] = LONG) -> list[str]:
    """Every `data:` payload of one streaming completion, to the end of the body."""
    with httpx.stream("POST", f"{server.url}/v1/completions", json=body, timeout=60) as r:
        assert r.status_code == 200, r.read()
        return [line[6:] for line in r.iter_lines() if line.startswith("data: ")]


def test_a_failed_engine_ends_the_process_with_code_3(
    long_model: Path, start: Callable[..., Server]
) -> None:
    server = start(long_model, env=faulty("raise", after=5))
    events = stream_events(server)
    error = json.loads(events[-2])["error"]
    assert error["code"] == "engine_dead" and "illegal memory access" in error["message"]
    assert events[-1] == "[DONE]"
    assert server.wait(20) == EXIT_ENGINE_FAILED  # a supervisor restarts it
    errors = [line for line in log_records(server.log) if line.get("level") == "error"]
    assert len(errors) == 1, errors  # the cause, once, with its traceback
    assert "illegal memory access" in str(errors[0]["message"])
    assert "Traceback" in str(errors[0]["error"])


class Systemd:
    """What systemd hears from a `Type=notify` service: its datagrams, with arrival times."""

    def __init__(self, path: Path) -> None:
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(str(path))
        self.socket.settimeout(0.1)
        self.heard: list[tuple[float, str]] = []
        self.closed = False
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        while not self.closed:
            try:
                data = self.socket.recv(4096).decode()
            except TimeoutError:
                continue
            self.heard += [(time.monotonic(), line) for line in data.split("\n")]

    def times(self, message: str) -> list[float]:
        return [t for t, m in self.heard if m == message]

    def close(self) -> None:
        self.closed = True
        self.thread.join()
        self.socket.close()


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[Systemd]:
    listener = Systemd(tmp_path / "notify")
    yield listener
    listener.close()


def test_a_wedged_engine_fails_health_stops_the_watchdog_and_exits_3(
    long_model: Path, systemd: Systemd, start: Callable[..., Server]
) -> None:
    env = faulty("hang", after=20, NOTIFY_SOCKET=systemd.socket.getsockname())
    env["WATCHDOG_USEC"] = "400000"  # systemd kills after 0.4 s of silence: pings every 0.2 s
    server = start(long_model, "--engine-stall-timeout", "2", env=env)
    events = stream_events(server)  # it wedges after 20 steps; ends when that is noticed
    noticed = time.monotonic()
    health = httpx.get(f"{server.url}/health", timeout=5) if server.proc.poll() is None else None
    assert server.wait(20) == EXIT_ENGINE_FAILED
    error = json.loads(events[-2])["error"]  # told, not cut
    assert error["code"] == "server_shutdown" and "has not advanced for" in error["message"]
    assert events[-1] == "[DONE]"
    assert health is None or health.status_code == 503
    assert len(systemd.times("READY=1")) == 1
    pings = systemd.times("WATCHDOG=1")
    assert len(pings) >= 3 and max(pings) < noticed  # silent once stalled: systemd acts too
    errors = [line for line in log_records(server.log) if line.get("level") == "error"]
    assert len(errors) == 1 and "has not advanced for" in str(errors[0]["message"])


def test_health_fails_while_the_engine_is_dead(
    long_model: Path, start: Callable[..., Server]
) -> None:
    # a long stall timeout: the dead engine is seen by /health before the process exits
    server = start(long_model, env=faulty("raise", after=0))
    httpx.post(f"{server.url}/v1/completions", json={**LONG, "stream": False}, timeout=30)
    codes = set()
    deadline = time.monotonic() + 20
    while server.proc.poll() is None and time.monotonic() < deadline:
        try:
            codes.add(httpx.get(f"{server.url}/health", timeout=2).status_code)
        except httpx.TransportError:
            break
    assert 200 not in codes
    assert server.wait(20) == EXIT_ENGINE_FAILED


def test_streams_past_the_shutdown_timeout_get_an_error_event_and_done(
    long_model: Path, start: Callable[..., Server]
) -> None:
    server = start(long_model, "--shutdown-timeout", "1")
    with httpx.stream("POST", f"{server.url}/v1/completions", json=LONG, timeout=60) as r:
        lines = r.iter_lines()
        assert next(lines).startswith("data: ")
        server.proc.send_signal(signal.SIGTERM)
        events = [line[6:] for line in lines if line.startswith("data: ")]
    error = json.loads(events[-2])["error"]
    assert error["code"] == "server_shutdown" and "shutdown timeout" in error["message"]
    assert events[-1] == "[DONE]"
    assert server.wait(20) == EXIT_DRAIN_CUT  # the drain did not finish
