"""Tool calling: the parser and stream splitter alone, the prompt each kind of template gets,
and a real server driven by the official SDK (whose types check every body and chunk)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from openai.lib.streaming.chat import ChatCompletionStreamState

from gptship.model.tokenizer import Tokenizer
from gptship.server.protocol import ChatCompletionRequest, ChatMessage
from gptship.server.tools import FALLBACK_PROMPT, ToolSpec, ToolStream, chat_turns, parse_output
from tests.server.conftest import MODEL, Server
from tests.tiny_tokenizer import CHATML_TEMPLATE, save_tiny_tokenizer

try:
    import jsonschema
except ImportError:  # pragma: no cover - the dev install has it
    jsonschema = None

WEATHER = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "maxLength": 8},
        "unit": {"enum": ["c", "f"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
    },
    "required": ["city", "unit", "days"],
    "additionalProperties": False,
}
SEARCH = {"type": "object", "properties": {"query": {"type": "string", "maxLength": 10}}}


def tool(name: str, parameters: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "parameters": parameters, **more}}


TOOLS = [tool("get_weather", WEATHER, description="Météo"), tool("search", SEARCH)]
SCHEMAS = {"get_weather": WEATHER, "search": SEARCH}
NAMES = set(SCHEMAS)
ASK = [{"role": "user", "content": "Weather in Paris?"}]


def spec(**body: Any) -> ToolSpec:
    request = ChatCompletionRequest.model_validate(
        {"model": "m", "messages": ASK, "tools": TOOLS, **body}
    )
    parsed = ToolSpec.from_request(request)
    assert parsed is not None
    return parsed


def streamed(text: str, mode: str = "auto", step: int = 1) -> tuple[list[str], list[Any]]:
    """Feed `text` in pieces of `step` characters: the content pieces sent, the calls."""
    stream = ToolStream(NAMES, mode)  # type: ignore[arg-type]
    sent, calls = [], []
    for piece in [*(text[i : i + step] for i in range(0, len(text), step)), None]:
        out = stream.feed(piece) if piece is not None else stream.finish()
        sent.append(out.content)
        calls += [(c.name, json.loads(c.arguments)) for c in out.calls]
    return sent, calls


# --- the parser and the stream splitter, alone ---

HERMES = (
    "Let me check.\n"
    '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris", "unit": "c", "days": 1}}'
    "</tool_call>\n"
    '<tool_call>\n{"name": "search", "arguments": {"query": "rain"}}\n</tool_call>'
)


def test_hermes_calls_are_parsed_and_text_around_them_is_content() -> None:
    out = parse_output(HERMES, spec())
    assert out.content == "Let me check."
    assert [(c.name, json.loads(c.arguments)) for c in out.calls] == [
        ("get_weather", {"city": "Paris", "unit": "c", "days": 1}),
        ("search", {"query": "rain"}),
    ]
    assert all(c.id.startswith("call_") for c in out.calls)
    assert len({c.id for c in out.calls}) == 2


@pytest.mark.parametrize("key", ["parameters", "arguments"])
def test_llama_json_form_is_a_call(key: str) -> None:
    text = " " + json.dumps({"name": "search", key: {"query": "sun"}})
    out = parse_output(text, spec())
    assert out.content == "" and [(c.name, c.arguments) for c in out.calls] == [
        ("search", '{"query": "sun"}')
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Just an answer, with a < sign and <tool in it.  ",
        '<tool_call>{"name": "launch", "arguments": {}}</tool_call>',  # not a tool
        '<tool_call>{"name": "search", "arguments": {query}}</tool_call>',  # not JSON
        '<tool_call>{"name": "search", "arguments": {"query": "x"}}',  # never closed
        '{"name": "search", "arguments": [1]}',  # arguments not an object
        '{"answer": 42}',
        "",
    ],
)
def test_what_is_not_a_call_stays_content_unchanged(text: str) -> None:
    out = parse_output(text, spec())
    assert out.calls == [] and out.content == text


def test_none_parses_nothing_and_forced_parses_json() -> None:
    assert not spec(tool_choice="none").parses
    required = spec(tool_choice="required")
    text = '[{"name": "search", "arguments": {"query": "a"}}]'
    assert [c.name for c in parse_output(text, required).calls] == ["search"]
    cut = '{"name": "search", "arguments": {"qu'  # ran out of tokens: left as content
    out = parse_output(cut, spec(tool_choice={"type": "function", "function": {"name": "search"}}))
    assert out.calls == [] and out.content == cut


@pytest.mark.parametrize("text", [HERMES, *(HERMES.replace("\n", s) for s in ("  ", "\n\n"))])
@pytest.mark.parametrize("step", [1, 2, 3, 7])
def test_stream_splitter_gives_the_same_result_in_any_pieces(text: str, step: int) -> None:
    whole = parse_output(text, spec())
    sent, calls = streamed(text, step=step)
    assert "".join(sent) == whole.content
    assert calls == [(c.name, json.loads(c.arguments)) for c in whole.calls]


def test_plain_text_streams_as_it_comes() -> None:
    sent, calls = streamed("Hello there, friend <b>x</b>")
    assert calls == [] and "".join(sent) == "Hello there, friend <b>x</b>"
    assert "".join(sent[:5]) == "Hello"  # nothing waits for the end
    # a space waits for what follows it; "<" waits until it cannot be "<tool_call>"
    assert sent[5:8] == ["", " there"[:2], "h"]
    assert sent[20] == "" and sent[21] == " <b"


def test_held_back_text_that_could_be_a_call() -> None:
    sent, calls = streamed('{"name": "search", "arguments": {"query": "q"}}')
    assert sent[:-1] == [""] * (len(sent) - 1) and calls == [("search", {"query": "q"})]
    sent, _ = streamed('{"not": "a call"}')
    assert sent[-1] == '{"not": "a call"}'  # auto: JSON waits for the end, then is content
    sent, _ = streamed('{"name": "search", "arguments": {"query": "q"}}', mode="forced")
    assert "".join(sent) == ""


def test_forced_schemas() -> None:
    named = spec(tool_choice={"type": "function", "function": {"name": "search"}})
    assert named.forced and named.forced_schema() == {
        "type": "object",
        "properties": {"name": {"const": "search"}, "arguments": SEARCH},
        "required": ["name", "arguments"],
    }
    one = spec(tool_choice="required", parallel_tool_calls=False).forced_schema()
    assert [c["properties"]["name"]["const"] for c in one["anyOf"]] == ["get_weather", "search"]
    many = spec(tool_choice="required").forced_schema()
    assert many == {"type": "array", "items": one, "minItems": 1, "maxItems": 2}
    assert spec(tool_choice="required").structured().kind == "json_schema"
    now = [{"type": "function", "function": {"name": "required"}}]  # a name, not the mode
    bare = spec(tools=now, tool_choice={"type": "function", "function": {"name": "required"}})
    assert bare.mode == "named" and bare.forced_schema()["type"] == "object"
    assert bare.forced_schema()["properties"]["arguments"] == {  # no parameters: no arguments
        "type": "object",
        "properties": {},
        "additionalProperties": False,
    }


# --- the prompt ---

TOOLS_TEMPLATE = (
    "{% if tools %}<|im_start|>system\nTOOLS {{ tools | tojson }}<|im_end|>\n{% endif %}"
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{% for c in m.tool_calls or [] %}CALL {{ c.function.name }} "
    "{{ c.function.arguments | tojson }}{% endfor %}"
    "{% if m.tool_call_id %}[{{ m.tool_call_id }}] {% endif %}{{ m.content or '' }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
CALL = {"id": "call_1", "type": "function"}
HISTORY = [
    {"role": "system", "content": "Be brief."},
    *ASK,
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [{**CALL, "function": {"name": "search", "arguments": '{"query": "x"}'}}],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
    {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "warm"}]},
]


def rendered(tmp_path: Path, template: str, tools: ToolSpec | None) -> str:
    save_tiny_tokenizer(tmp_path, chat_template=template)
    tokenizer = Tokenizer.from_dir(tmp_path)
    messages = [ChatMessage.model_validate(m) for m in HISTORY]
    turns, variables = chat_turns(tokenizer, messages, tools)
    return tokenizer.render_chat(turns, **variables)


def test_template_with_tools_gets_them_and_the_calls(tmp_path: Path) -> None:
    text = rendered(tmp_path, TOOLS_TEMPLATE, spec())
    assert "TOOLS " + json.dumps(spec().definitions, ensure_ascii=False) in text
    assert 'CALL search {"query": "x"}' in text  # the arguments as a dict, as HF templates read
    assert "<|im_start|>tool\n[call_1] sunny<|im_end|>" in text
    assert "<|im_start|>tool\n[call_2] warm<|im_end|>" in text
    assert "You may call" not in text


def test_other_templates_get_the_fallback_prompt_and_text(tmp_path: Path) -> None:
    text = rendered(tmp_path, CHATML_TEMPLATE, spec())
    prompt = FALLBACK_PROMPT.format(tools=json.dumps(spec().definitions, ensure_ascii=False))
    assert text.startswith(f"<|im_start|>system\nBe brief.\n\n{prompt}<|im_end|>\n")
    call = '<tool_call>{"name": "search", "arguments": {"query": "x"}}</tool_call>'
    assert f"<|im_start|>assistant\n{call}<|im_end|>" in text
    results = "<tool_response>\nsunny\n</tool_response>\n<tool_response>\nwarm\n</tool_response>"
    assert f"<|im_start|>user\n{results}<|im_end|>" in text
    no_tools = rendered(tmp_path, CHATML_TEMPLATE, None)
    assert "You may call" not in no_tools and call in no_tools
    parts = [{"role": "system", "content": [{"type": "text", "text": "Hi."}]}]
    turns, _ = chat_turns(Tokenizer.from_dir(tmp_path), [ChatMessage(**parts[0])], spec())
    assert turns == [{"role": "system", "content": f"Hi.\n\n{prompt}"}]


# --- a real server ---


@pytest.fixture(scope="module")
def tool_server(long_model: Path) -> Iterator[Server]:
    """A context of 8192: the fallback prompt lists the tools as JSON, a few hundred tokens
    of the tiny byte-level vocabulary."""
    s = Server(long_model, "--kv-cache-memory", "16MiB", "--max-num-seqs", "16")
    yield s
    assert s.stop() == 0, s.log


def valid(arguments: str, schema: dict[str, Any]) -> None:
    value = json.loads(arguments)
    if jsonschema is not None:
        jsonschema.validate(value, schema)
    else:
        assert set(schema.get("required", [])) <= set(value) <= set(schema["properties"])


def create(server: Server, **kw: Any) -> Any:
    body = {"model": MODEL, "messages": ASK, "tools": TOOLS, "max_tokens": 200, **kw}
    return server.client().chat.completions.create(**body)


@pytest.mark.parametrize(("temperature", "seed"), [(0, 0), (0.7, 1), (1.0, 2), (1.5, 3)])
def test_forced_calls_parse_and_validate(
    tool_server: Server, temperature: float, seed: int
) -> None:
    named = {"type": "function", "function": {"name": "get_weather"}}
    for choice, parallel in [(named, True), ("required", False), ("required", True)]:
        out = create(
            tool_server,
            tool_choice=choice,
            parallel_tool_calls=parallel,
            temperature=temperature,
            seed=seed,
            n=2,
        )
        for c in out.choices:
            assert c.finish_reason == "tool_calls", c
            assert c.message.content is None and c.message.refusal is None
            calls = c.message.tool_calls or []
            assert 1 <= len(calls) <= (2 if parallel and choice == "required" else 1)
            for call in calls:
                assert call.type == "function" and call.id.startswith("call_")
                assert choice != named or call.function.name == "get_weather"
                valid(call.function.arguments, SCHEMAS[call.function.name])


def assert_same_calls(got: dict[str, Any], whole: Any) -> None:
    assert got["finish"] == "tool_calls" == whole.finish_reason
    assert got["content"] == "" and whole.message.content is None
    assert [(c["name"], c["arguments"]) for c in got["calls"].values()] == [
        (c.function.name, c.function.arguments) for c in whole.message.tool_calls or []
    ]


def reassembled(chunks: list[Any]) -> dict[int, dict[str, Any]]:
    """The SDK's accumulation of streamed deltas, per choice."""
    choices: dict[int, dict[str, Any]] = {}
    for chunk in chunks:
        for c in chunk.choices:
            choice = choices.setdefault(c.index, {"content": "", "calls": {}, "finish": None})
            choice["content"] += c.delta.content or ""
            choice["finish"] = c.finish_reason or choice["finish"]
            for d in c.delta.tool_calls or []:
                empty = {"id": None, "name": "", "arguments": ""}
                call = choice["calls"].setdefault(d.index, empty)
                if d.id:
                    assert call["id"] is None and d.type == "function" and d.function
                    call["id"], call["name"] = d.id, d.function.name
                call["arguments"] += (d.function.arguments if d.function else None) or ""
    return choices


SEARCH_CHOICE = {"type": "function", "function": {"name": "search"}}


@pytest.mark.parametrize("choice", ["required", SEARCH_CHOICE])
def test_streamed_forced_call_reassembles_to_the_whole_one(
    tool_server: Server, choice: Any
) -> None:
    kw = {"tool_choice": choice, "temperature": 0, "seed": 4}
    whole = create(tool_server, **kw)
    chunks = list(create(tool_server, stream=True, **kw))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert_same_calls(reassembled(chunks)[0], whole.choices[0])
    state = ChatCompletionStreamState()  # the SDK's own accumulation agrees
    for chunk in chunks:
        state.handle_chunk(chunk)
    final = state.get_final_completion().choices[0]
    assert final.finish_reason == "tool_calls"
    assert [(c.function.name, c.function.arguments) for c in final.message.tool_calls or []] == [
        (c.function.name, c.function.arguments) for c in whole.choices[0].message.tool_calls or []
    ]


def test_each_streamed_choice_is_read_on_its_own(tool_server: Server) -> None:
    kw = {"tool_choice": "required", "temperature": 0.8, "seed": 5, "n": 3}
    whole = create(tool_server, **kw)
    got = reassembled(list(create(tool_server, stream=True, **kw)))
    for choice in whole.choices:
        assert_same_calls(got[choice.index], choice)


def test_auto_and_none_answer_in_text_and_stream_the_same(tool_server: Server) -> None:
    for tool_choice in ("auto", "none"):
        kw = {"tool_choice": tool_choice, "temperature": 0, "max_tokens": 30, "n": 2}
        whole = create(tool_server, **kw)
        chunks = list(create(tool_server, stream=True, **kw))
        got = reassembled(chunks)
        for c in whole.choices:  # a random model writes no call: its text is the content
            assert got[c.index]["content"] == (c.message.content or "")
            assert got[c.index]["finish"] == c.finish_reason


def test_round_trip_reaches_the_prompt(tool_server: Server) -> None:
    first = create(tool_server, tool_choice="required", parallel_tool_calls=False, temperature=0)
    message = first.choices[0].message
    call = (message.tool_calls or [])[0]
    messages = [
        *ASK,
        message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": "RESULT-42: sunny"},
    ]
    answer = create(tool_server, messages=messages, temperature=0, max_tokens=8)
    assert answer.choices[0].finish_reason in ("stop", "length", "tool_calls")
    url = tool_server.url
    tokens = httpx.post(f"{url}/tokenize", json={"messages": messages}).json()["tokens"]
    prompt = httpx.post(f"{url}/detokenize", json={"tokens": tokens}).json()["prompt"]
    assert "<tool_response>\nRESULT-42: sunny\n</tool_response>" in prompt
    assert f'"name": "{call.function.name}"' in prompt


def one_tool(**function: Any) -> list[dict[str, Any]]:
    return [{"type": "function", "function": function}]


NOT = {"type": "object", "not": {"required": ["x"]}}  # a keyword no grammar enforces
ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"tools": one_tool()}, "tools.0.function.name"),
    ({"tools": one_tool(name="a b")}, "tools.0.function.name"),
    ({"tools": [{"type": "code", "function": {"name": "f"}}]}, "tools.0.type"),
    ({"tools": [{"type": "function"}]}, "tools.0.function"),
    ({"tools": one_tool(name="f", parameters={"type": "array"})}, "tools.0.function.parameters"),
    ({"tools": one_tool(name="f", parameters=[1])}, "tools.0.function.parameters"),
    ({"tools": [TOOLS[1], TOOLS[1]]}, "tools"),
    ({"tool_choice": {"type": "function", "function": {"name": "nope"}}}, "tool_choice"),
    ({"tool_choice": "sometimes"}, "tool_choice"),
    ({"tool_choice": {"type": "function"}}, "tool_choice"),
    ({"tools": None, "tool_choice": "required"}, "tool_choice"),
    ({"tool_choice": "required", "response_format": {"type": "json_object"}}, "response_format"),
    ({"tools": one_tool(name="f", parameters=NOT), "tool_choice": "required"}, "tool_choice"),
    ({"messages": [{"role": "tool", "content": "x"}]}, "messages.0"),
    ({"messages": [{"role": "user", "content": "x", "tool_calls": []}]}, "messages.0"),
]


@pytest.mark.parametrize(("body", "param"), ERRORS)
def test_malformed_tools_are_400_naming_the_field(
    tool_server: Server, body: dict[str, Any], param: str
) -> None:
    request = {"model": MODEL, "messages": ASK, "tools": TOOLS, **body}
    r = httpx.post(f"{tool_server.url}/v1/chat/completions", json=request, timeout=30)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["param"] == param, r.text
    with pytest.raises(openai.BadRequestError):
        tool_server.client().chat.completions.create(**request)
