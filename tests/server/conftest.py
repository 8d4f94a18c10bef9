"""A real `gptship serve` process on a free port of 127.0.0.1, and clients for it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

GPTSHIP = Path(sys.executable).parent / "gptship"
MODEL = "tiny-chat"  # --served-model-name of every test server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def log_records(log: str) -> list[dict[str, Any]]:
    """The JSON lines of a server's log, as dicts. Split on "\n" alone: a logged path may
    hold U+0085 or U+2028, which splitlines() would cut at."""
    return [json.loads(line) for line in log.split("\n") if line.startswith("{")]


class Server:
    """`gptship serve` in a subprocess; `stop()` sends SIGTERM and returns the exit code.

    Its stderr (the JSON log) is read as it is written, into `log`: unread, a busy server
    fills the pipe's 64 KiB in a few hundred request lines and blocks on the next one."""

    def __init__(
        self,
        model_dir: Path,
        *args: str,
        env: dict[str, str] | None = None,
        tls_cert: Path | None = None,
        name: str | None = MODEL,  # --served-model-name; None: the model's own setting
        gptship: Path = GPTSHIP,  # the gptship command to run
    ) -> None:
        self.port = free_port()
        self.clients: list[openai.OpenAI] = []  # closed by stop(): no socket left to the GC
        self.url = f"{'https' if tls_cert else 'http'}://127.0.0.1:{self.port}"
        self.verify: ssl.SSLContext | bool = True
        if tls_cert is not None:
            self.verify = ssl.create_default_context(cafile=str(tls_cert))
        command = [str(gptship), "serve", str(model_dir), "--port", str(self.port)]
        command += [*(["--served-model-name", name] if name else []), *args]
        self.proc = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self._lines: list[str] = []
        assert self.proc.stderr is not None
        self._reader = threading.Thread(target=self._lines.extend, args=(self.proc.stderr,))
        self._reader.start()
        try:
            self._wait_healthy()
        except BaseException:
            self.proc.kill()
            self.wait()
            raise

    @property
    def log(self) -> str:
        """What the server has written to stderr so far."""
        return "".join(self._lines)

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:  # died: fail now, with its reason
                self.wait()
                raise AssertionError(f"gptship serve exited {self.proc.returncode}:\n{self.log}")
            try:
                health = httpx.get(f"{self.url}/health", timeout=1, verify=self.verify)
                if health.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError("gptship serve did not answer /health within 60 s")

    @classmethod
    def tls(cls, model_dir: Path, key: Path, cert: Path) -> Server:
        return cls(model_dir, "--ssl-keyfile", str(key), "--ssl-certfile", str(cert), tls_cert=cert)

    def client(self, key: str = "unused", **kw: object) -> openai.OpenAI:
        client = openai.OpenAI(base_url=f"{self.url}/v1", api_key=key, max_retries=0, **kw)  # type: ignore[arg-type]
        self.clients.append(client)
        return client

    def async_client(self, key: str = "unused") -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(base_url=f"{self.url}/v1", api_key=key, max_retries=0)

    def metric(self, name: str, headers: dict[str, str] | None = None) -> float:
        text = httpx.get(f"{self.url}/metrics", headers=headers or {}, timeout=5).text
        match = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
        assert match, f"{name} not in /metrics"
        return float(match.group(1))

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the process to exit (it was signalled, or exits by itself); its code."""
        code = self.proc.wait(timeout)
        self._reader.join(10)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        return code

    def stop(self, timeout: float = 30) -> int:
        for client in self.clients:
            client.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.wait()
            raise


@pytest.fixture
def start() -> Iterator[Callable[..., Server]]:
    """`start(model_dir, *args, **kw)`: a Server that is killed after the test if it still
    runs, whatever the test left it doing (a test that fails midway leaves no process)."""
    started: list[Server] = []

    def start_server(*args: Any, **kw: Any) -> Server:
        started.append(Server(*args, **kw))
        return started[-1]

    yield start_server
    for server in started:
        if server.proc.poll() is None:
            server.proc.kill()
            server.wait()


LONG = {"model": MODEL, "prompt": "Hi", "max_tokens": 8000, "ignore_eos": True, "stream": True}


@contextmanager
def running_stream(server: Server, body: dict[str, object] = LONG) -> Iterator[httpx.Response]:
    """A streaming request that has produced its first event; leaving closes it."""
    with httpx.stream("POST", f"{server.url}/v1/completions", json=body, timeout=60) as r:
        assert r.status_code == 200, r.read()
        lines = r.iter_lines()
        assert next(lines).startswith("data: ")
        yield r


@pytest.fixture(scope="module")
def server(chat_model: Path) -> Iterator[Server]:
    """One server shared by a module's tests: a small cache, many sequences."""
    s = Server(chat_model, "--kv-cache-memory", "8MiB", "--max-num-seqs", "48")
    yield s
    assert s.stop() == 0, s.log
