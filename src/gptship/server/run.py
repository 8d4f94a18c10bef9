"""`gptship serve`: load the model, build the app, run uvicorn, drain on SIGTERM."""

from __future__ import annotations

import json
import logging
import socket
import sys
import time
from pathlib import Path
from types import FrameType

import uvicorn

from gptship.config import ServerConfig
from gptship.engine.async_engine import AsyncEngine
from gptship.engine.engine import LLMEngine
from gptship.errors import GptshipError
from gptship.model.loader import load
from gptship.server.app import build_app
from gptship.server.keys import KeyStore
from gptship.server.state import ServerState

log = logging.getLogger("gptship.server")


class DrainingServer(uvicorn.Server):
    """On SIGTERM or SIGINT: stop admitting (/ready and new requests answer 503), let
    in-flight requests finish for up to `grace` seconds, then shut down and exit 0.
    A second signal stops at once."""

    def __init__(self, config: uvicorn.Config, state: ServerState, grace: float) -> None:
        super().__init__(config)
        self.state, self.grace = state, grace
        self.deadline: float | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.deadline is not None:
            self.should_exit = self.force_exit = True
            return
        # not recorded as a captured signal: uvicorn would re-raise it on exit, and a
        # drained server is a clean exit (0), not a killed process
        self.state.draining = True
        self.deadline = time.monotonic() + self.grace
        log.info("draining: %d sequences in flight, up to %g s", self.state.in_flight, self.grace)

    async def on_tick(self, counter: int) -> bool:
        if self.deadline is not None and (
            self.state.in_flight == 0 or time.monotonic() >= self.deadline
        ):
            self.should_exit = True
        return await super().on_tick(counter)


def serve(config: ServerConfig) -> None:
    check_port(config.host, config.port)  # before minutes of loading, not after
    configure_logging()
    start = time.monotonic()
    keys = KeyStore.load(
        ",".join(config.api_key),
        Path(config.api_keys_file) if config.api_keys_file else None,
        environ={},  # ServerConfig already read the environment
    )
    model, tokenizer = load(config.model, config.engine.device, config.engine.dtype)
    engine = AsyncEngine(LLMEngine(model, tokenizer, config.engine))
    app = build_app(engine, tokenizer, config, keys)
    state: ServerState = app.state.gptship
    server = DrainingServer(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            ssl_keyfile=config.ssl_keyfile,
            ssl_certfile=config.ssl_certfile,
            log_config=None,  # ours: JSON lines
            access_log=False,  # RequestContext writes one line per request
            timeout_graceful_shutdown=2,  # the drain already waited for in-flight requests
            server_header=False,
        ),
        state,
        config.shutdown_timeout,
    )
    scheme = "https" if config.ssl_certfile else "http"
    log.info(
        "serving %s at %s://%s:%d/v1 (loaded in %.1f s; %d KV blocks of %d tokens; keys: %s)",
        state.model_name,
        scheme,
        config.host,
        config.port,
        time.monotonic() - start,
        engine.limits.num_blocks,
        engine.limits.block_size,
        "required" if keys.enabled else "none",
    )
    server.run()


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as e:
            raise GptshipError(
                f"cannot listen on {host}:{port} ({e.strerror}); pick another --port or host"
            ) from None


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if record.name == "gptship.access":
            return record.getMessage()  # already a JSON object
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    for name in ("gptship", "uvicorn"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
