"""`gptship chat --url` against a real `gptship serve`: history, keys, errors, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.conftest import GPTSHIP, MODEL, Server

KEY = "sk-chat-client-test"
AUTH = {"Authorization": f"Bearer {KEY}"}


def chat(url: str, *args: object, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("GPTSHIP_API_KEY", "OPENAI_API_KEY")}
    return subprocess.run(
        [str(GPTSHIP), "chat", "--url", url, *(str(a) for a in args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **env},
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return " ".join(lines[0].split())


def test_each_turn_carries_the_history(chat_model: Path) -> None:
    server = Server(chat_model, "--log-prompts")
    try:
        args = ("--temperature", 0, "--max-tokens", 8, "--system", "Be brief.")
        result = chat(f"{server.url}/v1", *args, stdin="Hello there\nHow are you?\n")
        client = server.client()
        first = [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Hello there"},
        ]

        def reply(messages: list[dict[str, str]]) -> str:
            done = client.chat.completions.create(
                model=MODEL,
                messages=messages,  # type: ignore[arg-type]
                temperature=0,
                max_tokens=8,
            )
            return done.choices[0].message.content or ""

        one = reply(first)
        second = [*first, {"role": "assistant", "content": one}]
        second.append({"role": "user", "content": "How are you?"})
        two = reply(second)
    finally:
        assert server.stop() == 0, server.log
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{one}\n{two}\n"  # streamed == not streamed, at temperature 0
    logged = [json.loads(line) for line in server.log.splitlines() if '"prompt"' in line]
    assert [line["prompt"] for line in logged] == [first, second, first, second]


@pytest.fixture(scope="module")
def keyed(long_model: Path) -> Iterator[Server]:
    """A server with a key, and a model whose greedy reply to "Hi" runs ~1,900 tokens."""
    server = Server(long_model, "--api-key", KEY, "--kv-cache-memory", "64MiB")
    yield server
    assert server.stop() == 0, server.log


def test_a_wrong_or_missing_key_is_one_line(keyed: Server) -> None:
    wrong = one_line_error(chat(f"{keyed.url}/v1", "--api-key", "sk-wrong", stdin="Hi\n"))
    assert "HTTP 401: Incorrect API key provided" in wrong and "--api-key" in wrong
    missing = one_line_error(chat(f"{keyed.url}/v1", stdin="Hi\n"))
    assert "You didn't provide an API key" in missing


def test_an_unknown_model_is_the_servers_404(keyed: Server) -> None:
    result = chat(f"{keyed.url}/v1", "--model", "nope", stdin="Hi\n", OPENAI_API_KEY=KEY)
    message = one_line_error(result)
    assert f"HTTP 404: The model 'nope' does not exist; this server serves '{MODEL}'" in message


def test_a_url_without_v1_says_so(keyed: Server) -> None:
    message = one_line_error(chat(keyed.url, stdin="Hi\n", GPTSHIP_API_KEY=KEY))
    assert "HTTP 404" in message and "like http://HOST:PORT/v1" in message


def _sigint_default() -> None:
    """In the child: Ctrl-C acts as it does in a terminal, even when the tests themselves run
    in the background, where the shell has set SIGINT to be ignored (and children inherit it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_reply_and_its_request(keyed: Server) -> None:
    proc = subprocess.Popen(
        [str(GPTSHIP), "chat", "--url", f"{keyed.url}/v1", "--temperature", "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GPTSHIP_API_KEY": KEY},
        preexec_fn=_sigint_default,
    )
    assert proc.stdin and proc.stdout and proc.stderr
    watchdog = threading.Timer(60, proc.kill)  # a hang fails the test (reads see EOF)
    watchdog.start()
    try:
        proc.stdin.write(b"Hi\n")
        proc.stdin.flush()
        assert proc.stdout.read(1), proc.stderr.read()  # the reply has begun
        assert keyed.metric("gptship_requests_running", AUTH) == 1
        proc.send_signal(signal.SIGINT)
        assert proc.stderr.readline() == b"(stopped)\n"
        deadline = time.monotonic() + 10  # closing the stream aborts the request
        while keyed.metric("gptship_requests_running", AUTH) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert keyed.metric("gptship_requests_running", AUTH) == 0
        out, err = proc.communicate(b"/help\n/exit\n", timeout=30)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.endswith(b"\n") and b"/reset" in err and b"Traceback" not in err
