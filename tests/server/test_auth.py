"""AuthMiddleware driven through httpx's ASGI transport, around a tiny app that echoes state."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from gptship.server.auth import AuthMiddleware, Message, Receive, Scope, Send
from gptship.server.keys import ApiKey, KeyStore

PUBLIC = frozenset({"/health"})
KEY = "gs-the-right-key"


async def echo_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the name of the key the middleware stored (or null)."""
    key = scope.get("state", {}).get("api_key")
    body = json.dumps({"path": scope["path"], "key": key.name if key else None}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def request(keys: KeyStore, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=AuthMiddleware(echo_app, keys, PUBLIC))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(path, headers=headers, json={"model": "m"})

    return asyncio.run(main())


def store() -> KeyStore:
    return KeyStore.load(api_key=f"{KEY},gs-other", environ={})


def test_the_right_key_passes_and_state_carries_it() -> None:
    response = request(store(), "/v1/completions", {"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 200
    assert response.json() == {"path": "/v1/completions", "key": "key-1"}
    other = request(store(), "/v1/models", {"authorization": "bearer   gs-other "})
    assert other.json()["key"] == "key-2"


def assert_openai_401(response: httpx.Response, message: str) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == {
        "error": {
            "message": body["error"]["message"],
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }
    }
    assert message in body["error"]["message"]


def test_a_missing_key_is_told_how_to_send_one() -> None:
    for headers in [None, {"Authorization": "Bearer "}, {"Authorization": f"Basic {KEY}"}]:
        response = request(store(), "/v1/chat/completions", headers)
        assert_openai_401(response, "Authorization: Bearer YOUR_KEY")


def test_a_wrong_key_is_refused_without_echoing_it() -> None:
    for wrong in ["gs-wrong-key-xyz", KEY + "x", KEY[:-1]]:
        response = request(store(), "/v1/completions", {"Authorization": f"Bearer {wrong}"})
        assert_openai_401(response, "Incorrect API key provided")
        assert wrong not in response.text and KEY not in response.text


def test_public_paths_and_a_store_without_keys_pass_everything() -> None:
    assert request(store(), "/health").json() == {"path": "/health", "key": None}
    open_store = KeyStore.load(environ={})
    assert not open_store.enabled
    assert request(open_store, "/v1/completions").json()["key"] is None


def test_an_empty_key_file_still_locks_the_server() -> None:
    locked = KeyStore([], enabled=True)
    response = request(locked, "/v1/completions", {"Authorization": f"Bearer {KEY}"})
    assert_openai_401(response, "Incorrect API key provided")


def test_state_keeps_what_was_there() -> None:
    seen: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)

    scope: dict[str, Any] = {
        "type": "http",
        "path": "/v1/models",
        "headers": [(b"authorization", f"Bearer {KEY}".encode())],
        "state": {"engine": "e"},
    }
    asyncio.run(AuthMiddleware(app, store(), PUBLIC)(scope, receive_nothing, send_nothing))
    assert seen[0]["state"] == {"engine": "e", "api_key": ApiKey("key-1")}


def test_lifespan_and_websocket_scopes_pass_through() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    middleware = AuthMiddleware(app, store(), PUBLIC)
    for scope in [{"type": "lifespan"}, {"type": "websocket", "path": "/ws", "headers": []}]:
        asyncio.run(middleware(scope, receive_nothing, send_nothing))
    assert seen == ["lifespan", "websocket"]


async def receive_nothing() -> Message:
    return {"type": "http.disconnect"}


async def send_nothing(message: Message) -> None:
    pass
