"""Requests the OpenAPI document cannot describe: raw JSON that Python parses but JSON Schema
has no word for (NaN, 5,000-digit integers, lone surrogates), bodies that are not JSON at all,
the wrong Content-Type, bytes outside ASCII in headers and paths, and valid bodies with one
field swapped for something hostile."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.server.conftest import MODEL


@dataclass(frozen=True)
class Raw:
    """One request, as bytes; `label` names it in a failure."""

    label: str
    method: str
    path: str
    content: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = ((b"content-type", b"application/json"),)

    def reproducer(self, url: str) -> str:
        body = self.content if len(self.content) <= 300 else self.content[:300] + b"..."
        size = f" ({len(self.content):,} bytes)" if len(self.content) > 300 else ""
        request = f"{self.method} {url}{self.path} headers={self.headers!r}"
        return f"{self.label}: {request} body={body!r}{size}"


# a valid body per POST route, small and quick, and the fields worth poisoning in each
BODIES: dict[str, dict[str, Any]] = {
    "/v1/completions": {
        "model": MODEL,
        "prompt": "Hi",
        "max_tokens": 2,
        "temperature": 1.0,
        "top_p": 0.9,
        "n": 1,
        "seed": 1,
        "stop": ["x"],
        "logit_bias": {"5": 1.0},
        "logprobs": 1,
    },
    "/v1/chat/completions": {
        "model": MODEL,
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 2,
        "temperature": 0.5,
        "top_k": 3,
        "repetition_penalty": 1.1,
        "stream": True,
    },
    "/tokenize": {"model": MODEL, "prompt": "Hi"},
    "/detokenize": {"model": MODEL, "tokens": [5, 6]},
}
SLOTS: dict[str, list[tuple[str | int, ...]]] = {
    path: [(key,) for key in body] for path, body in BODIES.items()
}
SLOTS["/v1/completions"] += [("logit_bias", "5"), ("stop", 0), ("unknown_field",)]
SLOTS["/v1/chat/completions"] += [("messages", 0, "content"), ("messages", 0, "role")]
SLOTS["/detokenize"] += [("tokens", 0)]
GET_PATHS = ["/v1/models", f"/v1/models/{MODEL}", "/health", "/ready", "/metrics"]

# JSON text, not Python values: json.dumps could not write most of these
HOSTILE_JSON = [
    '"\\ud800"',  # a lone high surrogate
    '"a\\udc00b"',  # a lone low surrogate inside text
    '"\\udfff\\ud800"',  # a pair in the wrong order
    "1e308",
    "-1e308",
    "1e309",  # overflows a double: Python reads inf
    "5e-324",
    "1e-50",  # positive, but 0 as a float32
    "-0",
    "-0.0",
    "NaN",
    "Infinity",
    "-Infinity",
    "18446744073709551616",  # 2**64
    "-9223372036854775809",  # below int64
    "9" * 5000,  # past Python's int-from-string limit of 4,300 digits
    "[" * 5000 + "]" * 5000,
    '{"a":' * 5000 + "1" + "}" * 5000,
    '"' + "x" * 900_000 + '"',  # just under --max-request-bytes
    '"' + "\u00e9\u2713" * 150_000 + '"',
    "null",
    "true",
    "[]",
    "{}",
    '""',
]
NOT_JSON = [
    b"",
    b"null",
    b"[]",
    b"1",
    b'"text"',
    b"{",
    b"{'model': 'x'}",
    b"\x00" * 64,
    bytes(range(256)),
    b'{"model": "\xff\xfe", "prompt": "\xc3"}',  # invalid UTF-8 inside strings
    b"\xef\xbb\xbf" + json.dumps({"model": MODEL, "prompt": "Hi"}).encode(),  # a UTF-8 BOM
    json.dumps({"model": MODEL, "prompt": "Hi"}).encode("utf-16"),
    b'{"model": "a", "model": "b"}',
    b"x" * 2_000_000,  # over --max-request-bytes
    b"[" * 200_000,
]
CONTENT_TYPES = [
    b"text/plain",
    b"application/x-www-form-urlencoded",
    b"multipart/form-data; boundary=x",
    b"application/xml",
    b"application/json; charset=utf-16",
    b"application/json; charset=nonsense",
    b"\xff\xfe",
]
HEADER_VALUES = [
    "\u00e9\u2713\U0001f600".encode(),  # UTF-8 outside ASCII
    b"\xff\xfe\xfd",  # not UTF-8
    b"\xed\xa0\x80",  # a lone surrogate, encoded as UTF-8 would if it could
    b"x" * 8000,
]
HEADER_NAMES = [b"x-request-id", b"authorization", b"accept", b"openai-organization"]
PATHS = [
    "/v1/models/%ED%A0%80",
    "/v1/models/%FF%FE",
    "/v1/models/" + "m" * 8000,
    "/v1/models?%FF=%ED%A0%80",
    "/v1/%00",
]


def poisoned(path: str, slot: tuple[str | int, ...], value: str) -> bytes:
    """BODIES[path] with the field at `slot` set to the JSON text `value`."""
    marker = "__poison__"
    body = json.loads(json.dumps(BODIES[path]))
    parent = body
    for key in slot[:-1]:
        parent = parent[key]
    parent[slot[-1]] = marker
    return json.dumps(body).replace(f'"{marker}"', value).encode()


def explicit() -> list[Raw]:
    """Every hostile value in every slot, every non-JSON body and Content-Type on every POST
    route, every odd header on every route, and paths with bytes no model id has."""
    cases = [
        Raw(
            f"{value[:40]!r} as {'.'.join(map(str, slot))}",
            "POST",
            path,
            poisoned(path, slot, value),
        )
        for path, slots in SLOTS.items()
        for slot in slots
        for value in HOSTILE_JSON
    ]
    for path, body in BODIES.items():
        valid = json.dumps(body).encode()
        cases += [Raw(f"body {b[:40]!r}", "POST", path, b) for b in NOT_JSON]
        cases += [
            Raw(f"content-type {t!r}", "POST", path, valid, ((b"content-type", t),))
            for t in CONTENT_TYPES
        ]
        cases.append(Raw("no content-type", "POST", path, valid, ()))
    routes = [("GET", p, b"") for p in GET_PATHS]
    routes += [("POST", p, json.dumps(b).encode()) for p, b in BODIES.items()]
    for method, path, content in routes:
        for name in HEADER_NAMES:
            cases += [
                Raw(
                    f"header {name.decode()}: {v[:20]!r}",
                    method,
                    path,
                    content,
                    ((b"content-type", b"application/json"), (name, v)),
                )
                for v in HEADER_VALUES
            ]
        cases += [Raw("wrong method", m, path, content) for m in ("PUT", "DELETE", "PATCH")]
    cases += [Raw(f"path {p[:40]!r}", "GET", p) for p in PATHS]
    return cases


def _with_surrogate(text: str, surrogate: str) -> str:
    return text[: len(text) // 2] + surrogate + text[len(text) // 2 :]


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**63, 2**64, -(2**63) - 1, 10**400, -(10**400)])
    | st.floats()  # NaN and the infinities too: json.dumps writes NaN, Infinity
    | st.sampled_from([1e308, -1e308, 5e-324, 1e-50, -0.0])
    | st.text()
    | st.builds(_with_surrogate, st.text(), st.sampled_from(["\ud800", "\udbff", "\udc00"]))
)
HOSTILE_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
)


@st.composite
def mutated(draw: st.DrawFn) -> Raw:
    """A valid body with one field (or a field it does not have) set to a hostile value."""
    path = draw(st.sampled_from(sorted(BODIES)))
    slot = draw(st.sampled_from(SLOTS[path]))
    value = json.dumps(draw(HOSTILE_VALUES))  # ensure_ascii: a lone surrogate as \ud800
    return Raw(f"mutated {'.'.join(map(str, slot))}", "POST", path, poisoned(path, slot, value))
