"""GET /health (the process answers), /ready (the engine loop advances), /metrics."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from gptship.server.errors import APIError
from gptship.server.state import get_state

router = APIRouter()

# the loop beats at least every idle tick (0.5 s) and after every step: a step or an idle
# wait longer than this means the engine is hung
STALL_SECONDS = 10.0


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready")
async def ready(request: Request) -> dict[str, str]:
    state = get_state(request)
    if state.draining:
        raise APIError(503, "the server is shutting down", code="draining")
    stats = state.engine.stats()
    if not stats.alive:
        raise APIError(
            503, f"the engine is not running ({stats.error or 'stopped'})", code="engine_dead"
        )
    stalled = time.monotonic() - stats.heartbeat
    if stalled > STALL_SECONDS:
        raise APIError(
            503, f"the engine loop has not advanced for {stalled:.0f} s", code="engine_stalled"
        )
    return {"status": "ready"}


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    registry = get_state(request).metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
