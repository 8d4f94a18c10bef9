"""POST /v1/embeddings: texts (or token ids) in, one vector each out, as OpenAI's API.

The encoder (--embedding-model) is served beside the generative model under its own id.
Tokenizing runs on a thread; the forward passes (one padded batch per group of like-length
texts) and the JSON rendering run on the encoder's one worker thread."""

from __future__ import annotations

import array
import asyncio
import base64
import json
import sys
from typing import Any

import torch
from fastapi import APIRouter, Request
from fastapi.responses import Response

from gptship.model.embedder import Embedder, InputTooLong, InvalidInput
from gptship.server.admission import admit
from gptship.server.errors import APIError
from gptship.server.protocol import MAX_EMBEDDING_INPUTS, EmbeddingRequest
from gptship.server.record import RequestRecord, Usage
from gptship.server.state import EmbeddingModel, api_key, embedding_model, get_state

router = APIRouter()

Input = str | list[str] | list[int] | list[list[int]]


@router.post("/v1/embeddings")
async def embeddings(body: EmbeddingRequest, request: Request) -> Response:
    state = get_state(request)
    served = embedding_model(state, body.model, api_key(request))
    dimension = served.embedder.dimension
    if body.dimensions is not None and body.dimensions != dimension:
        raise APIError(
            400,
            f"dimensions must be {dimension} (or left out): '{served.name}' gives vectors of "
            f"{dimension} dimensions and cannot shorten them",
            "dimensions",
        )
    ids = await asyncio.to_thread(_token_ids, served.embedder, body.input)
    tokens = sum(map(len, ids))
    record = RequestRecord(served.name, Usage(tokens)).attach(request.scope)
    if state.config.log_prompts:
        record.prompt = body.input
    # one place in flight (not an engine sequence): a drain waits for it
    admission = admit(state, 1, request.scope.get("state", {}).get("api_key"), tokens)
    try:
        body_bytes = await served.run(_render, served, ids, body.encoding_format)
    finally:
        admission.release()
    return Response(body_bytes, media_type="application/json", headers=admission.headers)


def _token_ids(embedder: Embedder, given: Input) -> list[list[int]]:
    """Every form OpenAI accepts -> token ids per input (token ids are used as sent),
    checked against the model's limits: each failure a 400 naming `input`."""
    items: list[Any] = [given] if isinstance(given, str) else list(given)
    if items and all(isinstance(i, int) for i in items):
        items = [items]
    if not items:
        raise APIError(400, "input is empty; send a string, a list of them or token ids", "input")
    if len(items) > MAX_EMBEDDING_INPUTS:
        message = f"input has {len(items)} items; send at most {MAX_EMBEDDING_INPUTS} at once"
        raise APIError(400, message, "input")
    for i, item in enumerate(items):
        if not item:
            raise APIError(400, f"{_where(items, i)} is empty", "input")
    texts = [i for i, item in enumerate(items) if isinstance(item, str)]
    ids = [list(item) if not isinstance(item, str) else [] for item in items]
    for i, encoded in zip(texts, embedder.encode([items[i] for i in texts]), strict=True):
        ids[i] = encoded
    try:
        embedder.check(ids)
    except InputTooLong as e:
        raise APIError(
            400,
            f"{_where(items, e.index)} has {e.tokens} tokens, but the embedding model reads at "
            f"most {e.limit}; shorten it",
            "input",
        ) from None
    except InvalidInput as e:
        raise APIError(400, f"{_where(items, e.index)} {e.reason}", "input") from None
    return ids


def _where(items: list[Any], index: int) -> str:
    return "input" if len(items) == 1 else f"input[{index}]"


def _render(served: EmbeddingModel, ids: list[list[int]], encoding: str) -> bytes:
    """The response body, rendered on the worker: 2048 vectors are ~1e6 floats of JSON."""
    data = [
        {"object": "embedding", "index": i, "embedding": _encoded(v, encoding)}
        for i, v in enumerate(served.embedder.embed_ids(ids))
    ]
    tokens = sum(map(len, ids))
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    body = {"object": "list", "data": data, "model": served.name, "usage": usage}
    return json.dumps(body, separators=(",", ":")).encode()


def _encoded(vector: torch.Tensor, encoding: str) -> list[float] | str:
    """`float`: a JSON list; `base64`: its float32 bytes, little-endian, as OpenAI sends."""
    values: list[float] = vector.tolist()
    if encoding == "float":
        return values
    packed = array.array("f", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")
