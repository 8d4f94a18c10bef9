"""`gptship serve`: load the model, build the app, run uvicorn, drain on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
import time
from pathlib import Path
from types import FrameType

import uvicorn

from gptship.assistants.service import Assistant
from gptship.assistants.spec import load_assistants
from gptship.config import ServerConfig
from gptship.engine.async_engine import AsyncEngine
from gptship.engine.engine import LLMEngine
from gptship.errors import GptshipError
from gptship.knowledge.index import Report, embedding_of
from gptship.model.embedder import Embedder
from gptship.model.loader import load
from gptship.server.app import build_app
from gptship.server.errors import APIError
from gptship.server.keys import KeyStore
from gptship.server.routes.health import engine_problem
from gptship.server.state import ServerState
from gptship.server.systemd import Notifier

log = logging.getLogger("gptship.server")


# exit codes beyond 0 (drained) and 2 (could not start: a setting, a file, a signature)
EXIT_ENGINE_FAILED = 3  # the engine loop died or stopped advancing
EXIT_DRAIN_CUT = 4  # the shutdown timeout passed with requests still running


class DrainingServer(uvicorn.Server):
    """uvicorn, plus three duties checked every tick (0.1 s):

    - drain: on SIGTERM or SIGINT, stop admitting (/ready and new requests answer 503) and
      let in-flight requests finish for up to `grace` seconds; those still running then end
      with an error event (and [DONE]) and the process exits EXIT_DRAIN_CUT, else 0. A
      second signal stops at once.
    - liveness: an engine that died or stopped advancing ends the process (EXIT_ENGINE_FAILED)
      so that systemd, Kubernetes or Ray start a fresh one; the cause is logged once.
    - systemd: READY=1 once listening, WATCHDOG=1 while the engine advances.
    """

    def __init__(self, config: uvicorn.Config, state: ServerState, grace: float) -> None:
        super().__init__(config)
        self.state, self.grace = state, grace
        self.deadline: float | None = None
        self.exit_code = 0
        self.systemd = Notifier()
        self._told_ready, self._last_ping = False, 0.0

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.deadline is not None:
            self.should_exit = self.force_exit = True
            return
        # not recorded as a captured signal: uvicorn would re-raise it on exit, and a
        # drained server is a clean exit (0), not a killed process
        self.state.draining = True
        self.deadline = time.monotonic() + self.grace
        self.systemd.notify("STOPPING=1")
        log.info("draining: %d sequences in flight, up to %g s", self.state.in_flight, self.grace)

    async def on_tick(self, counter: int) -> bool:
        if not self.should_exit:
            stall_timeout = self.state.config.engine_stall_timeout
            problem = engine_problem(self.state.engine.stats(), stall_timeout)
            if problem is not None and self.exit_code == 0:
                await self._engine_failed(problem)
            elif self.deadline is not None:
                await self._drain()
            self._tell_systemd(healthy=problem is None)
        return await super().on_tick(counter)

    async def _drain(self) -> None:
        assert self.deadline is not None
        if self.state.in_flight and time.monotonic() < self.deadline:
            return
        if self.state.in_flight:
            log.warning(
                "shutdown timeout (%g s) passed with %d sequences running; they end with an "
                "error event",
                self.grace,
                self.state.in_flight,
            )
            self.exit_code = EXIT_DRAIN_CUT
            await self._end_streams(
                f"the server shut down before this request finished (its shutdown timeout "
                f"of {self.grace:g} s passed); send it again"
            )
        self.should_exit = True

    async def _engine_failed(self, problem: APIError) -> None:
        # a failure was logged with its traceback by the engine: once at error level is
        # enough; a stall has no other line
        level = logging.ERROR if problem.code == "engine_stalled" else logging.WARNING
        log.log(level, "%s; exiting with code %d for a restart", problem, EXIT_ENGINE_FAILED)
        self.exit_code = EXIT_ENGINE_FAILED
        self.state.draining = True
        await self._end_streams(f"the server's engine failed ({problem}); send it again")
        self.should_exit = True

    async def _end_streams(self, reason: str, flush: float = 2.0) -> None:
        """Stop the engine (each open stream gets `reason` as its error event), then give
        the streams a moment to write that event and [DONE]."""
        await self.state.engine.stop(reason)
        deadline = time.monotonic() + flush
        while self.state.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    def _tell_systemd(self, healthy: bool) -> None:
        if not self.systemd.enabled or not self.started:
            return
        if not self._told_ready:
            self._told_ready = True
            self.systemd.notify(f"READY=1\nSTATUS=serving {self.state.model_name}")
        interval, now = self.systemd.watchdog_interval, time.monotonic()
        if healthy and interval is not None and now - self._last_ping >= interval:
            self._last_ping = now
            self.systemd.notify("WATCHDOG=1")


def serve(config: ServerConfig) -> None:
    check_port(config.host, config.port)  # before minutes of loading, not after
    configure_logging()
    start = time.monotonic()
    keys = KeyStore.load(
        ",".join(config.api_key),
        Path(config.api_keys_file) if config.api_keys_file else None,
        environ={},  # ServerConfig already read the environment
    )
    warn_about_exposure(config, keys.enabled)
    model, tokenizer = load(config.model, config.engine.device, config.engine.dtype)
    engine = AsyncEngine(LLMEngine(model, tokenizer, config.engine))
    embedder = None
    if config.embedding_model is not None:
        embedder = Embedder.from_dir(config.embedding_model, config.engine.device)
    assistants = open_assistants(config, embedder)
    app = build_app(engine, tokenizer, config, keys, embedder, assistants)
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
    if state.embeddings is not None:
        log.info("embedding model: %s at /v1/embeddings", state.embeddings.name)
    for a in assistants:
        passages = sum(len(c) for c in a.collections)
        log.info(
            "assistant: %s (%d passages in %d collections)", a.name, passages, len(a.collections)
        )
    server.run()
    if server.exit_code:
        sys.exit(server.exit_code)


def open_assistants(config: ServerConfig, embedder: Embedder | None) -> list[Assistant]:
    """The assistants of --assistant, their document folders indexed (what changed since
    the last start) with the server's embedding model."""
    specs = load_assistants(config.assistant)
    if not specs:
        return []
    model, embed = None, None
    if embedder is not None and config.embedding_model is not None:
        model, embed = embedding_of(embedder, config.embedding_model)

    def report(name: str, r: Report) -> None:
        for problem in r.skipped:
            log.warning("assistant %s: skipped %s", name, problem)
        if r.passages:
            log.info("assistant %s: indexed %d passages", name, r.passages)

    return [Assistant.open(s, model, embed, report) for s in specs]


def warn_about_exposure(config: ServerConfig, keys_required: bool) -> None:
    """Settings that work but put the model or its keys within others' reach."""
    if any(key in arg for key in config.api_key for arg in sys.argv):
        log.warning(
            "an API key is on the command line, where every user of this machine can read "
            "it (ps, /proc); pass it in GPTSHIP_API_KEY or use --api-keys-file instead"
        )
    loopback = config.host in ("127.0.0.1", "::1", "localhost")
    if not loopback and not keys_required:
        log.warning(
            "listening on %s with no API key: anyone who can reach this port can use the "
            "model; set GPTSHIP_API_KEY or --api-keys-file (gptship keys create)",
            config.host,
        )


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
