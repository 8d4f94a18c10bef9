"""GET /health (the engine is alive: a liveness probe), /ready (and the server admits
requests: a readiness probe), /metrics.

A dead or wedged engine fails /health, and the server exits (code 3) so that its supervisor
(systemd, Kubernetes, Ray) starts a new one; see gptship.server.run."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from gptship.engine.client import EngineStats
from gptship.server.errors import APIError
from gptship.server.state import get_state

router = APIRouter()


def engine_problem(stats: EngineStats, stall_timeout: float) -> APIError | None:
    """Why the engine cannot serve (it failed, or it made no progress for `stall_timeout`
    seconds: the loop beats after every step and every idle tick), or None."""
    if not stats.alive:
        return APIError(
            503, f"the engine is not running ({stats.error or 'stopped'})", code="engine_dead"
        )
    stalled = time.monotonic() - stats.heartbeat
    if stalled > stall_timeout:
        return APIError(
            503, f"the engine loop has not advanced for {stalled:.0f} s", code="engine_stalled"
        )
    return None


@router.get("/health")
async def health(request: Request) -> dict[str, str]:
    state = get_state(request)
    problem = engine_problem(state.engine.stats(), state.config.engine_stall_timeout)
    if problem is not None:
        raise problem
    return {"status": "ok"}


@router.get("/ready")
async def ready(request: Request) -> dict[str, str]:
    state = get_state(request)
    if state.draining:
        raise APIError(503, "the server is shutting down", code="draining")
    problem = engine_problem(state.engine.stats(), state.config.engine_stall_timeout)
    if problem is not None:
        raise problem
    return {"status": "ready"}


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    registry = get_state(request).metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
