"""The OpenAI API's requests, as pydantic models: what /v1/completions and
/v1/chat/completions accept. Unknown arguments are refused, as OpenAI does; the few extras
beyond OpenAI's (top_k, min_p, repetition_penalty, min_tokens, ignore_eos, stop_token_ids,
guided decoding) are the ones vLLM clients already send."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gptship.sampling import LOGIT_BIAS, MAX_LOGPROBS, PENALTY, TEMPERATURE


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _unicode_only(cls, data: Any) -> Any:
        """JSON can escape a lone UTF-16 surrogate ("\\ud800"), which is no character: no
        tokenizer, log line or error message could carry it."""
        if not _valid_unicode(data):
            raise ValueError("a string holds a lone UTF-16 surrogate; send valid Unicode")
        return data


def _valid_unicode(data: Any) -> bool:
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(data, dict):
        return all(_valid_unicode(k) and _valid_unicode(v) for k, v in data.items())
    if isinstance(data, list):
        return all(map(_valid_unicode, data))
    return True


class StreamOptions(_Request):
    include_usage: bool = False


class StructuredOutputs(_Request):
    """vLLM's structured_outputs object: one of these members."""

    json_: dict[str, Any] | str | None = Field(None, alias="json")
    regex: str | None = None
    choice: list[str] | None = None
    grammar: str | None = None
    json_object: bool | None = None


class SamplingFields(_Request):
    """Parameters shared by both endpoints."""

    model: str
    n: int = Field(1, ge=1)
    temperature: float | None = Field(None, ge=TEMPERATURE[0], le=TEMPERATURE[1])
    top_p: float | None = Field(None, gt=0, le=1)
    stop: str | list[str] | None = None
    seed: int | None = None
    presence_penalty: float | None = Field(None, ge=PENALTY[0], le=PENALTY[1])
    frequency_penalty: float | None = Field(None, ge=PENALTY[0], le=PENALTY[1])
    logit_bias: dict[str, Annotated[float, Field(ge=LOGIT_BIAS[0], le=LOGIT_BIAS[1])]] | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = None  # accepted and not used
    # extensions, as vLLM names them
    top_k: int | None = Field(None, ge=0)
    min_p: float | None = Field(None, ge=0, le=1)
    repetition_penalty: float | None = Field(None, gt=0, le=10)
    min_tokens: int = Field(0, ge=0)
    ignore_eos: bool = False
    stop_token_ids: list[int] | None = None
    # guided decoding (docs/structured-outputs.md): one of these at most
    guided_json: dict[str, Any] | str | None = None
    guided_regex: str | None = None
    guided_choice: list[str] | None = None
    guided_grammar: str | None = None
    structured_outputs: StructuredOutputs | None = None


class CompletionRequest(SamplingFields):
    prompt: str | list[str] | list[int] | list[list[int]]
    max_tokens: int | None = Field(16, ge=1)
    logprobs: int | None = Field(None, ge=0, le=5)
    echo: bool = False
    best_of: int | None = Field(None, ge=1)
    suffix: str | None = None


class TextPart(_Request):
    type: Literal["text"]
    text: str


# --- tool calling (server/tools.py; docs/server.md#tool-calling) ---


class FunctionDefinition(_Request):
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    description: str | None = None
    parameters: dict[str, Any] | None = None  # a JSON Schema of an object; None: no arguments
    strict: bool | None = None

    @field_validator("parameters")
    @classmethod
    def _object_schema(cls, schema: dict[str, Any] | None) -> dict[str, Any] | None:
        if schema is not None and schema.get("type", "object") != "object":
            raise ValueError("must be a JSON Schema of an object ('type': 'object')")
        return schema


class Tool(_Request):
    type: Literal["function"]
    function: FunctionDefinition


class NamedFunction(_Request):
    name: str


class NamedToolChoice(_Request):
    type: Literal["function"]
    function: NamedFunction


class CalledFunction(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    arguments: str  # JSON text, as OpenAI returns it


class ToolCall(BaseModel):
    """A call in an assistant message sent back as history."""

    model_config = ConfigDict(extra="ignore")

    id: str
    type: Literal["function"] = "function"
    function: CalledFunction


# --- end of tool calling ---


class ChatMessage(BaseModel):
    # assistant messages sent back as history carry fields we ignore (refusal, annotations)
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None  # assistant messages only
    tool_call_id: str | None = None  # tool messages: the call they answer

    @model_validator(mode="after")
    def _tool_fields(self) -> ChatMessage:
        if self.tool_calls is not None and self.role != "assistant":
            raise ValueError("tool_calls: only assistant messages carry tool calls")
        if self.role == "tool" and self.tool_call_id is None:
            raise ValueError("tool_call_id: a tool message needs the id of the call it answers")
        return self


class JsonSchema(_Request):
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    description: str | None = None
    schema_: dict[str, Any] | None = Field(None, alias="schema")
    strict: bool | None = None


class ResponseFormat(_Request):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchema | None = None


class ChatCompletionRequest(SamplingFields):
    messages: list[ChatMessage] = Field(min_length=1)
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    logprobs: bool = False
    top_logprobs: int | None = Field(None, ge=0, le=MAX_LOGPROBS)
    response_format: ResponseFormat | None = None
    tools: list[Tool] | None = None
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = None
    parallel_tool_calls: bool | None = None  # None: true, as OpenAI
    store: bool | None = None
    metadata: dict[str, str] | None = None
    service_tier: str | None = None

    @field_validator("tool_choice", mode="before")
    @classmethod
    def _tool_choice(cls, choice: Any) -> Any:
        """One error naming tool_choice, not one per member of the union."""
        modes = ("none", "auto", "required")
        if choice in modes or choice is None or isinstance(choice, NamedToolChoice):
            return choice
        if not isinstance(choice, dict):
            raise ValueError("must be 'none', 'auto', 'required' or a named function")
        try:
            return NamedToolChoice.model_validate(choice)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(map(str, first["loc"]))
            raise ValueError(f"{where}: {first['msg']}" if where else first["msg"]) from None


class TokenizeRequest(_Request):
    model: str | None = None
    prompt: str | None = None
    messages: list[ChatMessage] | None = None
    add_special_tokens: bool = True
    add_generation_prompt: bool = True


class DetokenizeRequest(_Request):
    model: str | None = None
    tokens: list[int]


# --- embeddings (server/routes/embeddings.py; docs/server.md#embeddings) ---

MAX_EMBEDDING_INPUTS = 2048  # texts in one request, as OpenAI allows


class EmbeddingRequest(_Request):
    model: str
    input: str | list[str] | list[int] | list[list[int]]
    encoding_format: Literal["float", "base64"] = "float"
    dimensions: int | None = None  # only the model's own: these models cannot shorten vectors
    user: str | None = None  # accepted and not used


# --- end of embeddings ---
