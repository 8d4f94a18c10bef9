"""AsyncEngine: the in-process EngineClient. The step loop runs on a background thread,
with one output stream per request.

The event loop never waits on the engine: requests and aborts go through a queue that the
engine thread drains between steps, and outputs come back with call_soon_threadsafe into a
per-request collector (one slot and one event; a slow consumer gets merged deltas). After
every step (and idle tick) the thread publishes an EngineStats snapshot for metrics and
readiness probes.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace

from gptship.engine.client import EngineDeadError, EngineLimits, EngineStats, EngineStoppedError
from gptship.engine.engine import LLMEngine, PreparedRequest
from gptship.engine.outputs import RequestOutput
from gptship.errors import GptshipError
from gptship.sampling import SamplingParams

log = logging.getLogger("gptship.engine")


class _Collector:
    """One request's mailbox, touched only on the event loop's thread."""

    def __init__(self) -> None:
        self.item: RequestOutput | BaseException | None = None
        self.ready = asyncio.Event()

    def put(self, item: RequestOutput | BaseException) -> None:
        if isinstance(self.item, RequestOutput) and isinstance(item, RequestOutput):
            self.item.extend(item)
        elif not isinstance(self.item, BaseException):
            self.item = item
        self.ready.set()

    async def get(self) -> RequestOutput:
        await self.ready.wait()
        item, self.item = self.item, None
        self.ready.clear()
        if isinstance(item, BaseException):
            raise item
        assert item is not None
        return item


@dataclass(frozen=True)
class _Add:
    request_id: str
    prompt_token_ids: list[int]
    params: SamplingParams
    prepared: PreparedRequest  # built off the engine thread: adding it is cheap


class AsyncEngine:
    def __init__(self, engine: LLMEngine, idle_tick: float = 0.5) -> None:
        self.engine = engine
        self.limits: EngineLimits = engine.limits
        self.idle_tick = idle_tick  # how often an idle loop still proves it is alive
        self.error: BaseException | None = None
        self._stats = replace(engine.stats(), heartbeat=time.monotonic())
        self._inbox: queue.SimpleQueue[_Add | str | None] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._collectors: dict[str, _Collector] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    async def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("AsyncEngine.start() called twice")
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._run, name="gptship-engine", daemon=True)
        self._thread.start()

    async def stop(self, reason: str = "the engine was stopped", wait: float = 5.0) -> None:
        """Stop the loop: streams still open end now with EngineStoppedError(reason), and
        the thread ends after the step it is in (waited for up to `wait` seconds: a wedged
        thread is a daemon and does not hold the process)."""
        if self._thread is None:
            return
        self._inbox.put(None)
        self._wake.set()
        self._fail_all(EngineStoppedError(reason))
        thread, self._thread = self._thread, None
        await asyncio.to_thread(thread.join, wait)
        if thread.is_alive():
            log.warning("the engine thread is still in a step after %g s; leaving it", wait)

    def validate(self, prompt: Sequence[int], params: SamplingParams) -> None:
        self.engine.validate(prompt, params)

    def stats(self) -> EngineStats:
        error = self.error
        return replace(
            self._stats,
            alive=error is None and self.running,
            error=None if error is None else f"{type(error).__name__}: {error}",
        )

    async def generate(
        self, request_id: str, prompt_token_ids: Sequence[int], params: SamplingParams
    ) -> AsyncIterator[RequestOutput]:
        """Yield incremental outputs (deltas) until the request finishes; validate() it
        first. Raises EngineDeadError if the engine dies; leaving the loop early (a
        disconnect, a cancel) aborts the request."""
        prompt = list(prompt_token_ids)
        # the request's matchers and detokenizers are built here, not on the engine thread;
        # on a worker thread where a grammar may compile (again, if the cache let it go)
        prepare = self.engine.prepare
        if params.structured is not None:
            prepared = await asyncio.to_thread(prepare, prompt, params)
        else:
            prepared = prepare(prompt, params)
        if self.error is not None or not self.running:
            raise EngineDeadError(f"the engine is not running ({self.error or 'stopped'})")
        if request_id in self._collectors:
            raise GptshipError(f"request id '{request_id}' is already in use")
        collector = self._collectors[request_id] = _Collector()
        self._inbox.put(_Add(request_id, prompt, params, prepared))
        self._wake.set()
        finished = False
        try:
            while not finished:
                out = await collector.get()
                finished = out.finished
                yield out
        finally:
            self._collectors.pop(request_id, None)
            if not finished:
                self.abort(request_id)

    def abort(self, request_id: str) -> None:
        self._inbox.put(request_id)
        self._wake.set()

    def _run(self) -> None:
        try:
            while True:
                self._stats = replace(self.engine.stats(), heartbeat=time.monotonic())
                if not self._drain_inbox():
                    return
                if not self.engine.has_unfinished():
                    self._wake.wait(self.idle_tick)
                    self._wake.clear()
                    continue
                outputs = self.engine.step()
                if outputs:
                    self._deliver(outputs)
        except BaseException as e:
            self.error = e
            # the one place the cause is logged, with its traceback: every request that was
            # running gets the one-line reason, and the server exits for a restart
            log.error("the engine loop failed: %s: %s", type(e).__name__, e, exc_info=e)
            self._deliver_error(EngineDeadError(f"the engine failed: {type(e).__name__}: {e}"))

    def _drain_inbox(self) -> bool:
        """Apply queued adds and aborts; False when asked to stop."""
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return True
            if item is None:
                return False
            if isinstance(item, str):
                self.engine.abort(item)
            else:
                try:
                    self.engine.add_request(
                        item.request_id, item.prompt_token_ids, item.params, item.prepared
                    )
                except GptshipError as e:
                    self._deliver([e], item.request_id)

    def _deliver(self, items: list[RequestOutput] | list[GptshipError], to: str = "") -> None:
        def put() -> None:
            for item in items:
                target = item.request_id if isinstance(item, RequestOutput) else to
                collector = self._collectors.get(target)
                if collector is not None:
                    collector.put(item)

        assert self._loop is not None
        self._loop.call_soon_threadsafe(put)

    def _deliver_error(self, error: BaseException) -> None:
        assert self._loop is not None
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._fail_all, error)

    def _fail_all(self, error: BaseException) -> None:
        for collector in self._collectors.values():
            collector.put(error)
