"""The chaos and soak suite's shared pieces: the engine gauges in one scrape, and the
server's resident memory."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import Server
from tests.tiny import make_model_dir
from tests.tiny_tokenizer import CHATML_TEMPLATE

# the engine holds nothing: no sequence running or waiting, no KV block
IDLE = ("gptship_requests_running", "gptship_requests_waiting", "gptship_kv_cache_blocks_used")


@pytest.fixture(scope="session")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama with a context of 8192: a request can generate for many seconds."""
    path = tmp_path_factory.mktemp("tiny-reliability")
    make_model_dir("llama", path, chat_template=CHATML_TEMPLATE, max_position_embeddings=8192)
    return path


def rss_kib(server: Server) -> int:
    """The server's resident memory now (VmRSS), in KiB."""
    status = Path(f"/proc/{server.proc.pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB$", status, re.MULTILINE)
    assert match, status
    return int(match.group(1))


def gauges(server: Server) -> dict[str, float]:
    """Every unlabelled sample of /metrics, from one scrape."""
    text = httpx.get(f"{server.url}/metrics", timeout=5).text
    return {m[1]: float(m[2]) for m in re.finditer(r"^([a-z_]+) (\S+)$", text, re.MULTILINE)}


def seconds_to_idle(server: Server, since: float, timeout: float = 10) -> float:
    """Seconds from `since` (a time.monotonic()) until one scrape shows the engine idle."""
    deadline = time.monotonic() + timeout
    values: dict[str, float] = {}
    while time.monotonic() < deadline:
        values = gauges(server)
        if all(values[name] == 0 for name in IDLE):
            return time.monotonic() - since
        time.sleep(0.01)
    raise AssertionError(
        f"the engine still holds requests or KV blocks {timeout} s later: {values}"
    )
