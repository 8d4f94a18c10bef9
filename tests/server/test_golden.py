"""The OpenAI endpoints answer a fixed set of requests (golden/requests.json) with the same
status and body as they did when golden/responses.json was written: the default model at
temperature 0 (its generation_config says greedy), so every token is determined.

Ids and timestamps are masked; floats (logprobs) compare to 1e-3, since the last bits of a
matmul differ between CPUs. Regenerate the answers only for an intended change of behaviour:
GPTSHIP_WRITE_GOLDEN=1 pytest tests/server/test_golden.py
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import Server

HERE = Path(__file__).parent / "golden"
DEFAULT_MODEL = Path(__file__).parents[2] / "models" / "quillmere-assistant"
REQUESTS: list[dict[str, Any]] = json.loads((HERE / "requests.json").read_text())
_ID = re.compile(r"^(chatcmpl|cmpl)-[0-9a-f]{32}$")


@pytest.fixture(scope="module")
def answers() -> Iterator[dict[str, Any]]:
    server = Server(DEFAULT_MODEL, "--max-num-seqs", "8", name="quillmere")
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield {r["name"]: _answer(client, r) for r in REQUESTS}
    assert server.stop() == 0, server.log


def _answer(client: httpx.Client, request: dict[str, Any]) -> dict[str, Any]:
    method = request.get("method", "POST")
    if "raw" in request:
        headers = {"content-type": "application/json"}
        r = client.request(method, request["path"], content=request["raw"], headers=headers)
    else:
        r = client.request(method, request["path"], json=request.get("body"))
    if r.headers["content-type"].startswith("text/event-stream"):
        events = [line.removeprefix("data: ") for line in r.text.split("\n\n") if line]
        body: Any = [e if e == "[DONE]" else _masked(json.loads(e)) for e in events]
    else:
        body = _masked(r.json())
    return {"status": r.status_code, "body": body}


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: 0 if k == "created" else _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, str) and _ID.match(value):
        return value.split("-")[0] + "-<id>"
    return value


def _approx(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _approx(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_approx(v) for v in value]
    if isinstance(value, float):
        return pytest.approx(value, abs=1e-3)
    return value


def test_write_golden(answers: dict[str, Any]) -> None:
    if not os.environ.get("GPTSHIP_WRITE_GOLDEN"):
        pytest.skip("set GPTSHIP_WRITE_GOLDEN=1 to rewrite golden/responses.json")
    text = json.dumps(answers, indent=1, ensure_ascii=False) + "\n"
    (HERE / "responses.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", [r["name"] for r in REQUESTS])
def test_same_answer_as_before(answers: dict[str, Any], name: str) -> None:
    golden = json.loads((HERE / "responses.json").read_text(encoding="utf-8"))
    assert name in golden, "a new request: rewrite the golden answers"
    assert answers[name] == _approx(golden[name])
