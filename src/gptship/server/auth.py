"""Bearer-key auth as a pure ASGI middleware: 401 in OpenAI's error shape, or the key in state."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from gptship.server.keys import KeyStore

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MISSING_KEY = (
    "You didn't provide an API key. "
    "Send it in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY)."
)
# the presented key is never echoed: it may be a real key meant for another service
WRONG_KEY = "Incorrect API key provided. Ask the server's operator for a valid key."


class AuthMiddleware:
    """Checks `Authorization: Bearer <key>` on every HTTP request outside `public_paths`.

    On success the request's `ApiKey` is in `scope["state"]["api_key"]` (Starlette's
    `request.state.api_key`). With no keys configured every request passes.
    """

    def __init__(self, app: ASGIApp, keys: KeyStore, public_paths: frozenset[str]) -> None:
        self.app = app
        self.keys = keys
        self.public_paths = public_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.keys.enabled or scope["path"] in self.public_paths:
            await self.app(scope, receive, send)
            return
        presented = bearer_token(scope.get("headers", []))
        if presented is None:
            await _unauthorized(send, MISSING_KEY)
            return
        key = self.keys.verify(presented)
        if key is None:
            await _unauthorized(send, WRONG_KEY)
            return
        scope.setdefault("state", {})["api_key"] = key
        await self.app(scope, receive, send)


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The key in the first Authorization header, if it uses the Bearer scheme."""
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").strip().partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


async def _unauthorized(send: Send, message: str) -> None:
    error = {
        "message": message,
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_api_key",
    }
    body = json.dumps({"error": error}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b"Bearer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
