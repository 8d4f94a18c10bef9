"""Tool calling for /v1/chat/completions (docs/server.md#tool-calling): a request's tool
definitions -> the chat template's variables (or a fallback system message), the schema
that forces a call, and the model's output -> OpenAI tool calls, whole or streamed."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from gptship.model.tokenizer import Tokenizer
from gptship.sampling import ParamError, StructuredOutput
from gptship.server.protocol import ChatCompletionRequest, ChatMessage, TextPart

OPEN, CLOSE = "<tool_call>", "</tool_call>"  # the Hermes / Qwen form of a call

# The system message for templates that do not take `tools`; {tools} is their JSON list.
FALLBACK_PROMPT = (
    "You may call the functions listed below (JSON, one per item) to answer.\n"
    "{tools}\n"
    "To call one, reply with "
    '<tool_call>{{"name": "<function name>", "arguments": {{<arguments as JSON>}}}}</tool_call>'
    ", one block per call. Otherwise, answer in plain text."
)


@dataclass(frozen=True)
class ToolSpec:
    """A request's tools: `definitions` as templates expect them ({"type": "function",
    "function": {...}}), and tool_choice: a mode, and the function a "named" one calls."""

    definitions: list[dict[str, Any]]
    mode: Literal["none", "auto", "required", "named"]
    parallel: bool
    named: str | None = None

    @classmethod
    def from_request(cls, body: ChatCompletionRequest) -> ToolSpec | None:
        if not body.tools:
            if body.tool_choice not in (None, "none"):
                raise ParamError("tool_choice", "needs tools to choose from")
            return None
        names = [t.function.name for t in body.tools]
        if len(set(names)) < len(names):
            raise ParamError("tools", "two tools have the same function name")
        definitions = [t.model_dump(exclude_none=True) for t in body.tools]
        parallel = body.parallel_tool_calls is not False
        choice = body.tool_choice or "auto"
        if isinstance(choice, str):
            return cls(definitions, choice, parallel)
        if choice.function.name not in names:
            message = f"names function {choice.function.name!r}, which is not in tools"
            raise ParamError("tool_choice", message)
        return cls(definitions, "named", parallel, choice.function.name)

    @property
    def names(self) -> set[str]:
        return {d["function"]["name"] for d in self.definitions}

    @property
    def forced(self) -> bool:
        """The output must be a call: decoding is constrained to forced_schema()."""
        return self.mode in ("required", "named")

    @property
    def parses(self) -> bool:
        return self.mode != "none"

    def structured(self) -> StructuredOutput:
        return StructuredOutput("json_schema", json.dumps(self.forced_schema()))

    def forced_schema(self) -> dict[str, Any]:
        """A named function: one call of it. "required": one call of any tool, or with
        parallel_tool_calls an array of 1 to len(tools) calls."""
        calls = [_call_schema(d["function"]) for d in self.definitions]
        if self.mode == "named":
            return next(c for c in calls if c["properties"]["name"]["const"] == self.named)
        one = calls[0] if len(calls) == 1 else {"anyOf": calls}
        if not self.parallel:
            return one
        return {"type": "array", "items": one, "minItems": 1, "maxItems": len(calls)}


_NO_ARGUMENTS = {"type": "object", "properties": {}, "additionalProperties": False}


def _call_schema(function: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "name": {"const": function["name"]},
            "arguments": function.get("parameters", _NO_ARGUMENTS),
        },
        "required": ["name", "arguments"],
    }


# --- the prompt ---


def chat_turns(
    tokenizer: Tokenizer, messages: list[ChatMessage], spec: ToolSpec | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The template's messages and extra variables. Templates that use `tools` get them;
    others get FALLBACK_PROMPT as (or in) the first system message. Templates that do not
    mention tool_calls see calls and results as text (docs/server.md#tool-calling)."""
    template = tokenizer.chat_template
    native_calls = "tool_calls" in template
    turns: list[dict[str, Any]] = []
    for m in messages:
        turn = m.model_dump(exclude_none=True)
        if isinstance(m.content, list):  # text parts, joined as render_chat would
            turn["content"] = _text(m.content)
        if m.role == "developer":  # OpenAI's newer name for system; templates know "system"
            turn["role"] = "system"
        if native_calls:
            turns.append(_native(turn))
        elif m.role == "tool":
            _append_response(turns, _text(m.content))
        elif m.tool_calls:
            turns.append({"role": "assistant", "content": _calls_as_text(m)})
        else:
            turns.append(turn)
    if spec is None:
        return turns, {}
    if re.search(r"\btools\b", template):
        return turns, {"tools": spec.definitions}
    return _with_system(turns, FALLBACK_PROMPT.format(tools=_listed(spec))), {}


def _listed(spec: ToolSpec) -> str:
    return json.dumps(spec.definitions, ensure_ascii=False)


def _native(turn: dict[str, Any]) -> dict[str, Any]:
    """Hugging Face templates read a call's arguments as a dict, not OpenAI's JSON text."""
    for call in turn.get("tool_calls", []):
        try:
            arguments = json.loads(call["function"]["arguments"])
        except ValueError:
            continue
        if isinstance(arguments, dict):
            call["function"]["arguments"] = arguments
    return turn


def _text(content: str | list[TextPart] | None) -> str:
    if isinstance(content, list):
        return "".join(part.text for part in content)
    return content or ""


def _calls_as_text(m: ChatMessage) -> str:
    blocks = [_text(m.content)] if m.content else []
    for call in m.tool_calls or []:
        try:
            arguments: Any = json.loads(call.function.arguments)
        except ValueError:
            arguments = call.function.arguments
        block = json.dumps({"name": call.function.name, "arguments": arguments}, ensure_ascii=False)
        blocks.append(f"{OPEN}{block}{CLOSE}")
    return "\n".join(blocks)


def _append_response(turns: list[dict[str, Any]], result: str) -> None:
    """A tool result as a user message (every template knows that role), as Qwen writes
    them; results that follow one another share one message."""
    block = f"<tool_response>\n{result}\n</tool_response>"
    last = turns[-1] if turns else None
    if last and last["role"] == "user" and last.get("content", "").endswith("</tool_response>"):
        last["content"] += "\n" + block
    else:
        turns.append({"role": "user", "content": block})


def _with_system(turns: list[dict[str, Any]], prompt: str) -> list[dict[str, Any]]:
    if turns and turns[0]["role"] == "system":
        first = {**turns[0], "content": f"{turns[0].get('content', '')}\n\n{prompt}"}
        return [first, *turns[1:]]
    return [{"role": "system", "content": prompt}, *turns]


# --- the output ---


@dataclass(frozen=True)
class Call:
    name: str
    arguments: str  # JSON text
    id: str = field(default_factory=lambda: f"call_{uuid.uuid4().hex[:24]}")

    def openai(self) -> dict[str, Any]:
        function = {"name": self.name, "arguments": self.arguments}
        return {"id": self.id, "type": "function", "function": function}

    def deltas(self, index: int) -> list[dict[str, Any]]:
        """The call streamed as OpenAI streams one: its id, type and name with empty
        arguments, then the arguments."""
        function = {"name": self.name, "arguments": ""}
        opening = {"index": index, "id": self.id, "type": "function", "function": function}
        return [opening, {"index": index, "function": {"arguments": self.arguments}}]


def parse_call(value: Any, names: set[str]) -> Call | None:
    """{"name": ..., "arguments": {...}} (or Llama 3.1's "parameters") naming a tool."""
    if not isinstance(value, dict) or value.get("name") not in names:
        return None
    arguments = value.get("arguments", value.get("parameters", {}))
    if isinstance(arguments, str):  # some models write the arguments as JSON text
        try:
            arguments = json.loads(arguments)
        except ValueError:
            return None
    if not isinstance(arguments, dict):
        return None
    return Call(value["name"], json.dumps(arguments, ensure_ascii=False))


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _partial_tag(text: str) -> int:
    """How many characters at the end of `text` could begin OPEN."""
    for size in range(min(len(text), len(OPEN) - 1), 0, -1):
        if OPEN.startswith(text[-size:]):
            return size
    return 0


@dataclass
class Piece:
    """What a stream may send now: text, and calls that are complete."""

    content: str = ""
    calls: list[Call] = field(default_factory=list)

    def __add__(self, later: Piece) -> Piece:
        return Piece(self.content + later.content, self.calls + later.calls)


@dataclass
class ToolStream:
    """One sample's output -> content and calls, as it arrives. Text that could still be a
    call is held back: a partial or unclosed <tool_call>, whitespace before one, and (auto)
    an output whose first non-space character is "{" (Llama 3.1's JSON form), until the end.
    A forced call is JSON from the start: all of it waits for the end. Whitespace around a
    call is dropped. Feeding text in any pieces gives the same result as feeding it whole."""

    names: set[str]
    mode: Literal["auto", "forced"]
    called: int = field(default=0, init=False)  # calls found so far
    _buffer: str = field(default="", init=False)  # received, not yet sent
    _space: str = field(default="", init=False)  # whitespace held before a possible call
    _in_call: bool = field(default=False, init=False)
    _whole_json: bool = field(default=False, init=False)  # JSON output: parsed at the end
    _after_call: bool = field(default=False, init=False)
    _started: bool = field(default=False, init=False)  # some text was sent

    def feed(self, text: str) -> Piece:
        self._buffer += text
        if self.mode == "forced" or self._whole_json:
            return Piece()
        if not self._started and not self.called:
            head = self._buffer.lstrip()
            if not head:
                return Piece()
            if head.startswith("{"):
                self._whole_json = True
                return Piece()
        return self._scan()

    def finish(self) -> Piece:
        rest, self._buffer = self._buffer, ""
        if self.mode == "forced" or self._whole_json:
            value = _json(rest)
            values = value if self.mode == "forced" and isinstance(value, list) else [value]
            calls = [parse_call(v, self.names) for v in values]
            if values and all(calls):
                return self._calls([c for c in calls if c])
            return self._text(rest, last=True)
        return self._text(rest, last=True)

    def _scan(self) -> Piece:
        out = Piece()
        while True:
            if self._in_call:
                end = self._buffer.find(CLOSE)
                if end < 0:
                    return out
                end += len(CLOSE)
                block, self._buffer = self._buffer[:end], self._buffer[end:]
                self._in_call = False
                call = parse_call(_json(block[len(OPEN) : -len(CLOSE)]), self.names)
                step = self._calls([call]) if call else self._text(block)
            else:
                start = self._buffer.find(OPEN)
                if start < 0:
                    keep = _partial_tag(self._buffer)
                    cut = len(self._buffer) - keep
                    text, self._buffer = self._buffer[:cut], self._buffer[cut:]
                    return out + self._text(text)
                text, self._buffer = self._buffer[:start], self._buffer[start:]
                self._in_call = True
                step = self._text(text)
            out += step

    def _text(self, text: str, last: bool = False) -> Piece:
        if self._after_call:
            text = text.lstrip()
            self._after_call = not text
        body = text.rstrip()
        space = text[len(body) :]
        if body:
            sent, self._space = self._space + body, space
        else:
            sent, self._space = "", self._space + space
        if last and not self.called:
            sent, self._space = sent + self._space, ""
        self._started = self._started or bool(sent)
        return Piece(sent)

    def _calls(self, calls: list[Call]) -> Piece:
        self._space, self._after_call = "", True
        self.called += len(calls)
        return Piece(calls=calls)


def parse_output(text: str, spec: ToolSpec) -> Piece:
    """A whole output: its content (text outside the calls) and its calls."""
    stream = ToolStream(spec.names, "forced" if spec.forced else "auto")
    return stream.feed(text) + stream.finish()
