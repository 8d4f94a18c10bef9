"""An engine failure ends in a restart under a real supervisor (supervisord, Debian's
`supervisor`): the engine's step raises once (tests/faults), the server exits with code 3,
supervisord starts a new one, and the next request is answered."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gptship.server.run import EXIT_ENGINE_FAILED
from tests.server.conftest import GPTSHIP, MODEL, free_port
from tests.server.test_liveness import FAULTS

pytestmark = pytest.mark.slow

CONFIG = """\
[supervisord]
nodaemon=true
user=root
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}

[unix_http_server]
file={dir}/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{dir}/supervisor.sock

[program:gptship]
command={gptship} serve {model} --port {port} --served-model-name {name}
environment=PYTHONPATH="{pythonpath}",GPTSHIP_FAULT="raise",GPTSHIP_FAULT_ONCE="{dir}/fault-fired"
autorestart=unexpected
exitcodes=0
startsecs=1
stopsignal=TERM
stopwaitsecs=40
redirect_stderr=true
stdout_logfile={dir}/gptship.log
"""


@pytest.fixture
def supervised(long_model: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    supervisord = shutil.which("supervisord")
    if supervisord is None:
        if os.environ.get("CI"):
            pytest.fail("supervisord is missing: apt-get install supervisor")
        pytest.skip("supervisord is not installed (apt-get install supervisor)")
    port = free_port()
    pythonpath = os.pathsep.join(filter(None, [str(FAULTS), os.environ.get("PYTHONPATH")]))
    config = tmp_path / "supervisord.conf"
    config.write_text(
        CONFIG.format(
            dir=tmp_path,
            gptship=GPTSHIP,
            model=long_model,
            port=port,
            name=MODEL,
            pythonpath=pythonpath,
        )
    )
    proc = subprocess.Popen(
        [supervisord, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield f"http://127.0.0.1:{port}", tmp_path
    finally:
        proc.send_signal(signal.SIGTERM)  # supervisord stops gptship (SIGTERM), then itself
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"no healthy server at {url} within {timeout} s")


def test_an_engine_failure_ends_in_a_restart(supervised: tuple[str, Path]) -> None:
    url, where = supervised
    body = {"model": MODEL, "prompt": "Hi", "max_tokens": 4}
    wait_healthy(url)
    failed = httpx.post(f"{url}/v1/completions", json=body, timeout=30)
    assert failed.status_code == 503 and failed.json()["error"]["code"] == "engine_dead"
    start = time.monotonic()
    deadline = start + 90
    while time.monotonic() < deadline:  # the old process exits, supervisord starts another
        try:
            answer = httpx.post(f"{url}/v1/completions", json=body, timeout=30)
            if answer.status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    else:
        raise AssertionError("no answer from a restarted server within 90 s")
    assert answer.json()["usage"]["completion_tokens"] == 4
    log = (where / "supervisord.log").read_text()
    exited = re.findall(r"exited: gptship \(exit status (\d+); not expected\)", log)
    assert exited == [str(EXIT_ENGINE_FAILED)], log
    assert len(re.findall(r"spawned: 'gptship'", log)) == 2, log
    from tests.figures import FIGURES

    FIGURES.append(
        f"engine failure under supervisord: exit {EXIT_ENGINE_FAILED}, restarted and answering "
        f"in {time.monotonic() - start:.1f} s"
    )
