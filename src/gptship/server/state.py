"""What every route shares (ServerState, one per app on `app.state.gptship`) and the checks
every generation request starts with."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request

from gptship.assistants.service import Assistant
from gptship.config import ServerConfig
from gptship.engine.client import EngineClient
from gptship.model.embedder import Embedder
from gptship.model.tokenizer import Tokenizer
from gptship.server.errors import APIError
from gptship.server.keys import ApiKey
from gptship.server.metrics import Metrics
from gptship.server.protocol import SamplingFields
from gptship.server.ratelimit import RateLimiter

T = TypeVar("T")


@dataclass
class EmbeddingModel:
    """The encoder served at /v1/embeddings, and the one thread it runs on: requests queue
    for it rather than fight over the CPU's threads, and the event loop never waits."""

    name: str
    embedder: Embedder
    worker: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="gptship-embed")
    )

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)


@dataclass
class ServerState:
    engine: EngineClient
    tokenizer: Tokenizer
    config: ServerConfig
    model_name: str
    metrics: Metrics
    limiter: RateLimiter = field(default_factory=RateLimiter)
    in_flight: int = 0  # sequences admitted and not finished
    draining: bool = False  # SIGTERM received: finish what runs, admit nothing
    created: int = field(default_factory=lambda: int(time.time()))
    embeddings: EmbeddingModel | None = None  # --embedding-model, beside the generative one
    assistants: dict[str, Assistant] = field(default_factory=dict)  # --assistant, by name


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.gptship
    return state


def api_key(request: Request) -> ApiKey | None:
    """The key the request came with (None: the server asks for none)."""
    key: ApiKey | None = request.scope.get("state", {}).get("api_key")
    return key


def open_request(request: Request, body: SamplingFields) -> ServerState:
    """The checks both generation endpoints start with: a model served to this key, the cap
    on n."""
    state = get_state(request)
    check_model(state, body.model, api_key(request))
    if body.n > state.config.max_n:
        raise APIError(400, f"n is at most {state.config.max_n} on this server", "n")
    return state


def check_model(state: ServerState, model: str | None, key: ApiKey | None) -> None:
    """A 404 for a model that does not generate here, and the same 404 for one `key` may not
    use (its scope, or the assistant's keys): a scoped key cannot learn what else exists."""
    name = model if model is not None else state.model_name
    generating = [state.model_name, *state.assistants]
    if name not in generating or not may_use(state, name, key):
        served = [n for n in generating if may_use(state, n, key)]
        listed = ", ".join(f"'{n}'" for n in served) or "no model to this key"
        raise APIError(
            404,
            f"The model '{_shortened(name)}' does not exist; this server serves {listed}",
            "model",
            "model_not_found",
        )


def served_models(state: ServerState) -> list[str]:
    embedding = [state.embeddings.name] if state.embeddings is not None else []
    return [state.model_name, *state.assistants, *embedding]


def may_use(state: ServerState, name: str, key: ApiKey | None) -> bool:
    if name not in served_models(state):
        return False
    if key is not None and key.models is not None and name not in key.models:
        return False
    assistant = state.assistants.get(name)
    return assistant is None or assistant.allows(key.name if key is not None else None)


def embedding_model(state: ServerState, model: str, key: ApiKey | None) -> EmbeddingModel:
    """The encoder `model` names (/v1/embeddings): a 400 for the generative model, a 404
    for any other (or one this key may not use)."""
    served, allowed = state.embeddings, may_use(state, model, key)
    if served is not None and model == served.name and allowed:
        return served
    where = (
        f"this server's embedding model is '{served.name}'"
        if served is not None
        else "this server has no embedding model (start it with --embedding-model DIR)"
    )
    if allowed and (model == state.model_name or model in state.assistants):
        raise APIError(
            400, f"'{model}' generates text and does not embed; {where}", "model", "wrong_model"
        )
    message = f"The model '{_shortened(model)}' does not exist; {where}"
    raise APIError(404, message, "model", "model_not_found")


def _shortened(text: str, limit: int = 64) -> str:
    """An echo of what a client sent, no longer than `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
