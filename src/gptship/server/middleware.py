"""The outermost layer of every request, as pure ASGI: a request id (an incoming
X-Request-ID is honoured and returned), the body size cap, one JSON log line per request,
and the request counter."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gptship.server.metrics import Metrics
from gptship.server.record import RequestRecord

access_log = logging.getLogger("gptship.access")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# label values of gptship_requests_total: known routes only, so that scanners probing
# random paths cannot grow the metric without bound
ENDPOINTS = frozenset(
    {
        "/v1/completions",
        "/v1/chat/completions",
        "/v1/models",
        "/tokenize",
        "/detokenize",
        "/health",
        "/ready",
        "/metrics",
    }
)


_PROBES = frozenset({"/health", "/ready", "/metrics"})


class BodyTooLarge(HTTPException):
    """Raised from `receive`; FastAPI passes HTTPExceptions through its body parsing."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


class RequestContext:
    def __init__(self, app: ASGIApp, metrics: Metrics, max_body: int) -> None:
        self.app, self.metrics, self.max_body = app, metrics, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.monotonic()
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = rid
        status = 500
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body:
            receive = _refuse(self.max_body)
        else:
            receive = _counted(receive, self.max_body)

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, state, status, time.monotonic() - start)

    def _record(self, scope: Scope, state: dict[str, Any], status: int, seconds: float) -> None:
        path = scope["path"]
        endpoint = path if path in ENDPOINTS or path.startswith("/v1/models/") else "other"
        endpoint = "/v1/models" if endpoint.startswith("/v1/models/") else endpoint
        self.metrics.requests.labels(endpoint, str(status)).inc()
        if path in _PROBES and status < 400:
            return  # load balancers and Prometheus poll these every few seconds: not logged
        key = state.get("api_key")
        line: dict[str, Any] = {
            "request_id": state["request_id"],
            "method": scope["method"],
            "path": path,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "key": key.name if key is not None else None,
        }
        record = RequestRecord.of(scope)
        if record is not None:
            line.update(record.log_fields())
        access_log.info(json.dumps(line, ensure_ascii=False))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _refuse(limit: int) -> Receive:
    async def receive() -> Message:
        raise BodyTooLarge(limit)

    return receive


def _counted(receive: Receive, limit: int) -> Receive:
    """A chunked body (no Content-Length) is counted as it arrives."""
    seen = 0

    async def counting() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return counting
