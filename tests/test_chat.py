"""`gptship chat` with a local model directory, its loop, and its one-line errors."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from click.testing import Result

from gptship import LLM
from gptship.chat import LocalBackend, Message, Sampling, TurnError, _events, _uninterrupted, run
from gptship.sampling import SamplingParams

GPTSHIP = Path(sys.executable).parent / "gptship"


def chat(*args: object, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("GPTSHIP_API_KEY", "OPENAI_API_KEY")}
    return subprocess.run(
        [str(GPTSHIP), "chat", *(str(a) for a in args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **env},
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for text in expected:
        assert text in " ".join(result.stderr.split()), result.stderr


@pytest.fixture(scope="module")
def model_dir(chat_model: Path) -> Path:
    return chat_model


@pytest.fixture(scope="module")
def llm(model_dir: Path) -> LLM:
    return LLM(model_dir)


def test_local_chat_streams_replies_with_the_history(model_dir: Path, llm: LLM) -> None:
    turns = ["Hello there", "How are you?", "What now"]
    script = f"{turns[0]}\n{turns[1]}\n/reset\n  {turns[2]}  \n"
    args = ("--temperature", 0, "--max-tokens", 8, "--system", "Be brief.")
    result = chat(model_dir, *args, stdin=script)
    assert result.returncode == 0, result.stderr
    params = SamplingParams(temperature=0, max_tokens=8)

    def reply(*messages: tuple[str, str]) -> str:
        chat = [{"role": "system", "content": "Be brief."}]
        chat += [{"role": role, "content": text} for role, text in messages]
        return llm.generate(llm.tokenizer.encode_chat(chat), params)[0].outputs[0].text

    first = reply(("user", turns[0]))
    second = reply(("user", turns[0]), ("assistant", first), ("user", turns[1]))
    third = reply(("user", turns[2]))  # /reset forgot the first two turns, not the system
    assert result.stdout == f"{first}\n{second}\n{third}\n"
    assert second != reply(("user", turns[1]))  # so the history did reach the model


def test_bad_model_dir_is_one_line(tmp_path: Path) -> None:
    assert_one_line_error(chat(tmp_path / "missing", stdin="Hi\n"), "no such model directory")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "pass a model directory or --url"),
        (("some-dir", "--url", "http://127.0.0.1:1/v1"), "one of the two"),
        (("--url", "127.0.0.1:8000/v1"), "must start with http:// or https://"),
        (("some-dir", "--model", "m"), "--model names a model at --url"),
    ],
)
def test_bad_arguments_are_one_line(
    args: tuple[str, ...], expected: str, cli: Callable[..., Result]
) -> None:
    result = cli("chat", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr


def test_unreachable_url_is_one_line() -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = chat("--url", f"http://127.0.0.1:{port}/v1", stdin="Hi\n")
    assert_one_line_error(result, f"cannot reach http://127.0.0.1:{port}/v1", "running?")


class Scripted:
    """A backend that answers from a list and records what it was sent."""

    name = "scripted"

    def __init__(self, *replies: list[str] | BaseException) -> None:
        self.replies = list(replies)
        self.sent: list[list[Message]] = []
        self.cancels = 0

    def stream(self, messages: list[Message]) -> Generator[str, None, None]:
        self.sent.append(messages)
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        yield from reply
        raise KeyboardInterrupt  # a reply still running when its list runs out: Ctrl-C

    def cancel(self) -> None:
        self.cancels += 1


def test_ctrl_c_stops_a_reply_and_keeps_what_it_said() -> None:
    backend = Scripted(["Hel", "lo"], [])
    out, err = io.StringIO(), io.StringIO()
    run(backend, None, io.StringIO("one\n/help\ntwo\n"), out, err)
    assert out.getvalue() == "Hello\n\n"
    assert err.getvalue().count("(stopped)") == 2 and "/reset" in err.getvalue()
    assert backend.sent[1] == [
        {"role": "user", "content": "one"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "two"},
    ]
    assert backend.cancels == 2


def test_a_failed_turn_ends_a_scripted_chat() -> None:
    backend = Scripted(TurnError("too long"), ["never"])
    with pytest.raises(TurnError, match="too long"):
        run(backend, None, io.StringIO("one\ntwo\n"), io.StringIO(), io.StringIO())
    assert len(backend.sent) == 1


def test_commands_are_not_sent() -> None:
    backend = Scripted()
    err = io.StringIO()
    run(backend, "sys", io.StringIO("\n/nope\n/exit\nnot sent\n"), io.StringIO(), err)
    assert backend.sent == [] and "unknown command /nope" in err.getvalue()


def test_server_sent_events() -> None:
    lines = [": keep-alive", "", 'data: {"a": 1}', "event: x", 'data:{"b": 2}', "data: [DONE]"]
    assert list(_events(iter([*lines, 'data: {"c": 3}']))) == [{"a": 1}, {"b": 2}]
    error = 'data: {"error": {"message": "the request took too long", "type": "timeout"}}'
    with pytest.raises(TurnError, match="the request took too long"):
        list(_events(iter(['data: {"a": 1}', error])))


def test_closing_a_local_stream_aborts_its_request(llm: LLM) -> None:
    backend = LocalBackend(llm.engine, Sampling(1.0, 16, seed=0))
    messages = [{"role": "user", "content": "Hi"}]
    stream = backend.stream(messages)
    next(stream)
    assert backend.engine.has_unfinished()
    stream.close()
    assert not backend.engine.has_unfinished()
    assert "".join(backend.stream(messages))  # the engine serves the next reply
    with pytest.raises(TurnError, match="context"):
        next(backend.stream([{"role": "user", "content": "word " * 300}]))


def test_ctrl_c_waits_for_the_engine_step() -> None:
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT has a handler of its own here")
    finished = False
    with pytest.raises(KeyboardInterrupt), _uninterrupted():
        signal.raise_signal(signal.SIGINT)
        finished = True
    assert finished
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
