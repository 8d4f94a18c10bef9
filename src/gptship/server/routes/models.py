"""GET /v1/models, and the tokenizer endpoints (/tokenize, /detokenize)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from gptship.server.errors import APIError
from gptship.server.keys import ApiKey
from gptship.server.protocol import DetokenizeRequest, TokenizeRequest
from gptship.server.routes.chat import encode_messages
from gptship.server.state import ServerState, api_key, check_model, get_state, may_use

router = APIRouter()


def _model_cards(state: ServerState, key: ApiKey | None) -> dict[str, dict[str, Any]]:
    """Each model served to `key`, by id: the generative one, its assistants, and the
    embedding one if any."""
    context = state.engine.limits.max_model_len
    lengths = {state.model_name: context, **dict.fromkeys(state.assistants, context)}
    if state.embeddings is not None:
        lengths[state.embeddings.name] = state.embeddings.embedder.max_tokens
    lengths = {name: n for name, n in lengths.items() if may_use(state, name, key)}
    return {
        name: {
            "id": name,
            "object": "model",
            "created": state.created,
            "owned_by": "gptship",
            "max_model_len": length,
        }
        for name, length in lengths.items()
    }


@router.get("/v1/models")
async def list_models(request: Request) -> dict[str, Any]:
    cards = _model_cards(get_state(request), api_key(request))
    return {"object": "list", "data": list(cards.values())}


@router.get("/v1/models/{model:path}")
async def get_model(model: str, request: Request) -> dict[str, Any]:
    state, key = get_state(request), api_key(request)
    cards = _model_cards(state, key)
    if model not in cards:
        check_model(state, model, key)  # the 404
    return cards[model]


@router.post("/tokenize")
async def tokenize(body: TokenizeRequest, request: Request) -> dict[str, Any]:
    state = get_state(request)
    _check_generative(state, body.model, api_key(request))
    if (body.prompt is None) == (body.messages is None):
        raise APIError(400, "send exactly one of prompt and messages", "prompt")
    if body.messages is not None:
        tokens = encode_messages(state.tokenizer, body.messages)
    else:
        assert body.prompt is not None
        tokens = state.tokenizer.encode(body.prompt, add_special_tokens=body.add_special_tokens)
    context = state.engine.limits.max_model_len
    return {"tokens": tokens, "count": len(tokens), "max_model_len": context}


@router.post("/detokenize")
async def detokenize(body: DetokenizeRequest, request: Request) -> dict[str, Any]:
    state = get_state(request)
    _check_generative(state, body.model, api_key(request))
    vocab = state.engine.limits.vocab_size
    if any(not 0 <= t < vocab for t in body.tokens):
        raise APIError(400, f"tokens has ids outside [0, {vocab})", "tokens")
    return {"prompt": state.tokenizer.decode(body.tokens, skip_special_tokens=False)}


def _check_generative(state: ServerState, model: str | None, key: ApiKey | None) -> None:
    """The tokenizer endpoints speak for the generative model only."""
    check_model(state, model, key)
    if model is not None and model != state.model_name:
        raise APIError(400, f"'{model}' is not the generative model '{state.model_name}'", "model")
