"""Guided decoding as vLLM clients send it (extra_body): regex, choice, grammar and JSON,
on both endpoints, through the official SDK. A random tiny model samples freely, so every
output that validates does so because of the grammar."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

import httpx
import jsonschema
import pytest
from pydantic import BaseModel, Field

from tests.server.conftest import MODEL, Server

SAMPLED: dict[str, Any] = {"temperature": 1.0, "seed": 7, "n": 8, "max_tokens": 40}
MESSAGES = [{"role": "user", "content": "Answer:"}]
REGEX = r"[A-Z]{2}-\d{3}( \(urgent\))?"
CHOICES = ["refund", "replace", "ask a human", 'say "sorry"', "café"]
LARK = 'start: answer ("," answer){0,2}\nanswer: "yes" | "no" | NUMBER\nNUMBER: /[1-9][0-9]?/'
GBNF = 'root ::= answer ("," answer)?\nanswer ::= "yes" | "no" | [0-9]'
SCHEMA = {
    "type": "object",
    "properties": {"sku": {"type": "string", "pattern": "^[a-z]{3}$"}, "qty": {"enum": [1, 2]}},
    "required": ["sku", "qty"],
}


def chat(server: Server, finished: bool = True, **extra: Any) -> list[str]:
    """The samples' texts; all finished (every one of these grammars ends within 40 tokens),
    or, with finished=False, those that did."""
    out = server.client().chat.completions.create(
        model=MODEL,
        messages=MESSAGES,
        extra_body=extra,
        **SAMPLED,  # type: ignore[arg-type]
    )
    if finished:
        assert all(c.finish_reason == "stop" for c in out.choices), out
    return [c.message.content or "" for c in out.choices if c.finish_reason == "stop"]


def complete(server: Server, **extra: Any) -> list[str]:
    out = server.client().completions.create(
        model=MODEL, prompt="Answer:", extra_body=extra, **SAMPLED
    )
    assert all(c.finish_reason == "stop" for c in out.choices), out
    return [c.text for c in out.choices]


def lark_answers(text: str, most: int) -> bool:
    parts = text.split(",")
    return len(parts) <= most and all(re.fullmatch(r"yes|no|[1-9][0-9]?", p) for p in parts)


@pytest.mark.parametrize("endpoint", [chat, complete])
def test_regex_choice_and_grammar_outputs_always_validate(server: Server, endpoint: Any) -> None:
    assert all(re.fullmatch(REGEX, t) for t in endpoint(server, guided_regex=REGEX))
    assert all(t in CHOICES for t in endpoint(server, guided_choice=CHOICES))
    assert all(lark_answers(t, 3) for t in endpoint(server, guided_grammar=LARK))
    gbnf = endpoint(server, guided_grammar=GBNF)
    assert all(re.fullmatch(r"(yes|no|[0-9])(,(yes|no|[0-9]))?", t) for t in gbnf)
    for text in endpoint(server, guided_json=SCHEMA):
        jsonschema.validate(json.loads(text), SCHEMA)
        assert set(json.loads(text)) == {"sku", "qty"}  # no made-up keys: objects are closed


def test_structured_outputs_object_is_read_as_vllm_sends_it(server: Server) -> None:
    assert all(t in CHOICES for t in chat(server, structured_outputs={"choice": CHOICES}))
    assert all(re.fullmatch(REGEX, t) for t in chat(server, structured_outputs={"regex": REGEX}))
    for text in chat(server, structured_outputs={"json": json.dumps(SCHEMA)}):
        jsonschema.validate(json.loads(text), SCHEMA)
    objects = chat(server, finished=False, structured_outputs={"json_object": True})
    assert objects and all(isinstance(json.loads(text), dict) for text in objects)


class Ticket(BaseModel):
    """As an application declares its answer for the SDK's parse()."""

    status: Literal["open", "closed"]
    priority: int = Field(ge=1, le=5)
    tags: list[Annotated[str, Field(max_length=10)]] = Field(max_length=2)


def test_the_sdks_parse_gets_its_pydantic_model_back(server: Server) -> None:
    out = server.client().chat.completions.parse(
        model=MODEL,
        messages=MESSAGES,  # type: ignore[arg-type]
        response_format=Ticket,
        temperature=1.0,
        seed=3,
        n=4,
        max_tokens=200,  # the schema bounds it: ~175 one-byte tokens at worst
    )
    assert all(isinstance(c.message.parsed, Ticket) for c in out.choices)


def test_a_choice_is_streamed_as_it_is_given(server: Server) -> None:
    one = {**SAMPLED, "n": 1}
    client = server.client()
    extra = {"guided_choice": CHOICES}
    whole = client.chat.completions.create(
        model=MODEL,
        messages=MESSAGES,
        extra_body=extra,
        **one,  # type: ignore[arg-type]
    )
    chunks = client.chat.completions.create(
        model=MODEL,
        messages=MESSAGES,
        extra_body=extra,
        stream=True,
        **one,  # type: ignore[arg-type]
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed == whole.choices[0].message.content


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"guided_regex": "(unclosed"}, "guided_regex"),
        ({"guided_regex": ""}, "guided_regex"),
        ({"guided_choice": []}, "guided_choice"),
        ({"guided_choice": ["a", 1]}, "guided_choice"),
        ({"guided_grammar": "start: x\nx: (\n"}, "guided_grammar"),
        ({"guided_grammar": "root ::= ("}, "guided_grammar"),
        ({"guided_json": {"type": "nope"}}, "guided_json"),
        ({"guided_json": "not json"}, "guided_json"),
        ({"structured_outputs": {"regex": "(unclosed"}}, "structured_outputs"),
        ({"structured_outputs": {"whitespace_pattern": " "}}, "structured_outputs"),
        ({"guided_regex": "a", "guided_choice": ["a"]}, "guided_choice"),
        ({"guided_regex": "a", "response_format": {"type": "json_object"}}, "guided_regex"),
        ({"guided_decoding_backend": "xgrammar"}, "guided_decoding_backend"),
    ],
)
def test_bad_guides_are_400_naming_the_field(
    server: Server, extra: dict[str, Any], param: str
) -> None:
    body = {"model": MODEL, "messages": MESSAGES, **extra}
    r = httpx.post(f"{server.url}/v1/chat/completions", json=body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["param"].startswith(param), error
    assert "Traceback" not in error["message"] and "\n" not in error["message"]
