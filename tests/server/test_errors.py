"""Every error path answers in OpenAI's shape with the right status, never a 500."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from tests.server.conftest import GPTSHIP, MODEL, Server, log_records, running_stream


def error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "type", "param", "code"}
    detail: dict[str, Any] = body["error"]
    return detail


def post(server: Server, path: str, body: Any, **kw: Any) -> httpx.Response:
    return httpx.post(f"{server.url}{path}", json=body, timeout=30, **kw)


CHAT = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}]}


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({**CHAT, "temperature": "hot"}, "temperature"),
        ({**CHAT, "temperature": 3}, "temperature"),
        ({**CHAT, "n": 0}, "n"),
        ({**CHAT, "max_tokens": -1}, "max_tokens"),
        ({**CHAT, "messages": []}, "messages"),
        ({**CHAT, "messages": [{"role": "wizard", "content": "x"}]}, "messages.0.role"),
        ({**CHAT, "logit_bias": {"abc": 1}}, "logit_bias"),
        ({**CHAT, "top_logprobs": 3}, "top_logprobs"),
        ({**CHAT, "n": 1000}, "n"),
        ({**CHAT, "tools": [{"type": "function", "function": {}}]}, "tools.0.function.name"),
        ({"messages": CHAT["messages"]}, "model"),
    ],
)
def test_chat_validation_is_400_naming_the_parameter(
    server: Server, body: dict[str, Any], param: str
) -> None:
    detail = error(post(server, "/v1/chat/completions", body), 400)
    assert detail["param"] == param and detail["type"] == "invalid_request_error"


def test_unknown_argument_and_bad_json(server: Server) -> None:
    detail = error(post(server, "/v1/chat/completions", {**CHAT, "temprature": 1}), 400)
    assert "temprature" in detail["message"]
    bad = httpx.post(
        f"{server.url}/v1/completions",
        content=b'{"model": ',
        headers={"content-type": "application/json"},
    )
    assert "not valid JSON" in error(bad, 400)["message"]


def test_out_of_vocabulary_prompt_ids(server: Server) -> None:
    detail = error(post(server, "/v1/completions", {"model": MODEL, "prompt": [10**6]}), 400)
    assert detail["param"] == "prompt"


def test_context_overflow_states_both_numbers(server: Server) -> None:
    detail = error(
        post(server, "/v1/completions", {"model": MODEL, "prompt": "Hello", "max_tokens": 300}),
        400,
    )
    assert detail["param"] == "max_tokens" and detail["code"] == "context_length_exceeded"
    assert "256" in detail["message"] and "300" in detail["message"]
    long_prompt = list(range(10, 300))
    detail = error(post(server, "/v1/completions", {"model": MODEL, "prompt": long_prompt}), 400)
    assert "290" in detail["message"] and "256" in detail["message"]


def test_unknown_model_is_404(server: Server) -> None:
    with pytest.raises(openai.NotFoundError) as e:
        server.client().chat.completions.create(
            model="gpt-4", messages=[{"role": "user", "content": "Hi"}]
        )
    assert e.value.code == "model_not_found"
    error(httpx.get(f"{server.url}/v1/models/gpt-4"), 404)
    error(httpx.get(f"{server.url}/v1/nothing-here"), 404)


def test_body_over_the_limit_is_413(server: Server) -> None:
    big = {"model": MODEL, "prompt": "x" * (2 << 20)}
    error(post(server, "/v1/completions", big), 413)

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        yield b'{"model": "tiny-chat", "prompt": "'
        for _ in range(40):
            yield b"y" * 65536
        yield b'"}'

    streamed = httpx.post(
        f"{server.url}/v1/completions",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    error(streamed, 413)


def test_full_queue_is_429_before_any_byte(long_model: Path) -> None:
    server = Server(long_model, "--max-num-seqs", "1", "--max-queue", "0")
    try:
        with running_stream(server):
            for stream in (False, True):
                body = {"model": MODEL, "prompt": "Hi", "max_tokens": 2, "stream": stream}
                r = post(server, "/v1/completions", body)
                detail = error(r, 429)
                assert detail["code"] == "queue_full" and r.headers["retry-after"] == "1"
        assert server.metric('gptship_rejected_requests_total{reason="queue_full"}') == 2
    finally:
        assert server.stop() == 0


def test_a_port_in_use_is_one_line_before_loading(chat_model: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            [GPTSHIP, "serve", chat_model, "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"127.0.0.1:{port}" in done.stderr


def test_more_sequences_than_the_whole_capacity_is_a_400(long_model: Path) -> None:
    """n above max_num_seqs + max_queue could never run: no Retry-After would help."""
    server = Server(long_model, "--max-num-seqs", "1", "--max-queue", "1")
    try:
        body = {"model": MODEL, "prompt": "Hi", "max_tokens": 2, "n": 3}
        detail = error(post(server, "/v1/completions", body), 400)
        assert detail["param"] == "n" and "at most 2" in detail["message"]
        body["n"] = 2
        assert post(server, "/v1/completions", body).status_code == 200
    finally:
        assert server.stop() == 0


def test_a_full_queue_does_not_spend_the_keys_rate_budget(long_model: Path) -> None:
    server = Server(
        long_model, "--max-num-seqs", "1", "--max-queue", "0", "--rate-limit-rpm", "5",
        env={"GPTSHIP_API_KEY": "k-1"},
    )  # fmt: skip
    auth = {"authorization": "Bearer k-1"}
    try:
        stream = {"model": MODEL, "prompt": "Hi", "max_tokens": 8000, "ignore_eos": True,
                  "stream": True}  # fmt: skip
        with httpx.stream(
            "POST", f"{server.url}/v1/completions", json=stream, headers=auth, timeout=60
        ) as running:
            assert running.status_code == 200
            lines = running.iter_lines()  # kept: a dropped iterator closes the stream
            assert next(lines).startswith("data: ")
            for _ in range(3):
                body = {"model": MODEL, "prompt": "Hi", "max_tokens": 2}
                refused = post(server, "/v1/completions", body, headers=auth)
                assert error(refused, 429)["code"] == "queue_full"
        body = {"model": MODEL, "prompt": "Hi", "max_tokens": 2}
        for _ in range(50):  # the aborted stream leaves the engine at its next step
            done = post(server, "/v1/completions", body, headers=auth)
            if done.status_code == 200:
                break
        # the stream and this request spent 2 of 5; the refusals nothing
        assert done.headers["x-ratelimit-remaining-requests"] == "3", done.headers
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize(
    "body",
    [
        '{"model": "\\ud800", "messages": [{"role": "user", "content": "Hi"}]}',
        '{"model": "tiny-chat", "prompt": "Hi", "logit_bias": {"\\udc00": 1}}',
        '{"model": "tiny-chat", "prompt": "Hi \\udbff there"}',
    ],
)
def test_a_lone_surrogate_is_a_400_and_the_connection_lives_on(server: Server, body: str) -> None:
    path = "/v1/chat/completions" if "messages" in body else "/v1/completions"
    headers = {"content-type": "application/json"}
    with httpx.Client(base_url=server.url, timeout=30) as client:
        detail = error(client.post(path, content=body, headers=headers), 400)
        assert "surrogate" in detail["message"]
        again = client.post("/v1/completions", json={"model": MODEL, "prompt": "Hi"})
        assert again.status_code == 200


def test_a_404_echoes_at_most_64_characters_of_the_model(server: Server) -> None:
    detail = error(post(server, "/v1/completions", {"model": "m" * 100_000, "prompt": "Hi"}), 404)
    assert len(detail["message"]) < 200 and "m" * 63 + "…" in detail["message"]


def test_a_client_that_leaves_a_non_streaming_request_is_no_server_error(
    long_model: Path,
) -> None:
    """A client timeout is the client's doing: logged and counted as 499 (nginx's "client
    closed request"), with no traceback, and the engine request is aborted."""
    server = Server(long_model)
    try:
        body = {"model": MODEL, "prompt": "Hi", "max_tokens": 8000, "ignore_eos": True}
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"{server.url}/v1/completions", json=body, timeout=1.0)
        for _ in range(100):  # the disconnect is seen at the server's next receive
            if server.metric("gptship_requests_running") == 0:
                break
            time.sleep(0.05)
        assert server.metric("gptship_requests_running") == 0
        metrics = httpx.get(f"{server.url}/metrics").text
        assert 'endpoint="/v1/completions",status="499"' in metrics
        assert 'status="500"' not in metrics
    finally:
        assert server.stop() == 0
    lines = log_records(server.log)
    assert [line["status"] for line in lines if line.get("path") == "/v1/completions"] == [499]
    assert "Traceback" not in server.log and not any(
        line.get("level") == "error" for line in lines
    ), server.log


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_sent_as_json_is_a_415_saying_so(
    server: Server, content_type: str | None
) -> None:
    body = json.dumps({"model": MODEL, "prompt": "Hi", "max_tokens": 2})
    headers = {"content-type": content_type} if content_type else {}
    r = httpx.post(f"{server.url}/v1/completions", content=body, headers=headers)
    assert r.status_code == 415, r.text
    assert "Content-Type: application/json" in r.json()["error"]["message"]
    fine = httpx.post(f"{server.url}/v1/completions", content=body,
                      headers={"content-type": "application/json; charset=utf-8"})  # fmt: skip
    assert fine.status_code == 200
