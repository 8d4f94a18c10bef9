"""build_app(): the FastAPI app around one EngineClient. All state lives on `app.state`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from gptship import __version__
from gptship.assistants.service import Assistant
from gptship.config import ServerConfig
from gptship.engine.client import EngineClient
from gptship.errors import GptshipError
from gptship.model.embedder import Embedder
from gptship.model.tokenizer import Tokenizer
from gptship.server.auth import AuthMiddleware
from gptship.server.errors import install_handlers
from gptship.server.keys import KeyStore
from gptship.server.metrics import Metrics
from gptship.server.middleware import RequestContext
from gptship.server.routes import chat, completions, embeddings, health, models
from gptship.server.state import EmbeddingModel, ServerState

PUBLIC = frozenset({"/health", "/ready"})
RATE_LIMIT_HEADERS = [
    f"x-ratelimit-{what}-{kind}"
    for what in ("limit", "remaining", "reset")
    for kind in ("requests", "tokens")
]


def build_app(
    engine: EngineClient,
    tokenizer: Tokenizer,
    config: ServerConfig,
    keys: KeyStore | None = None,
    embedder: Embedder | None = None,
    assistants: list[Assistant] | None = None,
) -> FastAPI:
    """The API over `engine` (`embedder` at /v1/embeddings, `assistants` as model ids); the
    app's lifespan starts and stops the engine loop."""
    model_name = config.served_model_name or Path(config.model).name
    served = _embedding_model(embedder, config, model_name)
    assistants = _named_apart(assistants or [], model_name, served)
    app = FastAPI(
        title="gptship",
        version=__version__,
        summary="An OpenAI-compatible API for a custom-trained GPT.",
        lifespan=_lifespan(engine, served, assistants),
        docs_url=None,
        redoc_url=None,
    )
    metrics = Metrics(engine)
    app.state.gptship = ServerState(
        engine=engine,
        tokenizer=tokenizer,
        config=config,
        model_name=model_name,
        metrics=metrics,
        embeddings=served,
        assistants={a.name: a for a in assistants},
    )
    for module in (completions, chat, embeddings, models, health):
        app.include_router(module.router)
    install_handlers(app)
    public = PUBLIC | {"/metrics"} if config.metrics_public else PUBLIC
    # added innermost first: RequestContext sees every response (a 401, a CORS preflight)
    keys = keys or KeyStore([], enabled=False)
    app.add_middleware(AuthMiddleware, keys=keys, public_paths=public)
    if config.cors_origin:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origin),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After", *RATE_LIMIT_HEADERS],
        )
    app.add_middleware(RequestContext, metrics=metrics, max_body=config.max_request_bytes)
    return app


def _embedding_model(
    embedder: Embedder | None, config: ServerConfig, model_name: str
) -> EmbeddingModel | None:
    if embedder is None:
        return None
    name = config.embedding_model_name or Path(config.embedding_model or "embeddings").name
    if name == model_name:
        raise GptshipError(
            f"the embedding model and the generative model are both named '{name}'; give one "
            "another name (--embedding-model-name or --served-model-name)"
        )
    return EmbeddingModel(name, embedder)


def _lifespan(
    engine: EngineClient, served: EmbeddingModel | None, assistants: list[Assistant]
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Starts the engine loop with the app; stops it, the embedding worker and the
    assistants' collections with it."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await engine.start()
        try:
            yield
        finally:
            await engine.stop()
            if served is not None:
                served.worker.shutdown(wait=False, cancel_futures=True)
            for a in assistants:
                a.close()

    return lifespan


def _named_apart(
    assistants: list[Assistant], model_name: str, served: EmbeddingModel | None
) -> list[Assistant]:
    taken = {model_name, *([served.name] if served is not None else [])}
    for a in assistants:
        if a.name in taken:
            raise GptshipError(
                f"{a.spec.source}: the assistant '{a.name}' has the name of a model this "
                "server already serves; give it another name"
            )
    return assistants
