"""Every failure the API reports, in OpenAI's shape: {"error": {message, type, param, code}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from gptship.engine.client import EngineDeadError, EngineStoppedError
from gptship.errors import GptshipError
from gptship.sampling import ParamError

log = logging.getLogger("gptship.server")

_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    429: "rate_limit_exceeded",
    503: "service_unavailable",
    504: "timeout",
}


class APIError(Exception):
    """An error the client is told about, with its HTTP status."""

    def __init__(
        self,
        status: int,
        message: str,
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message, self.param, self.code)

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def error_body(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    kind = _TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    # whatever a message echoes, its body must encode: a lone surrogate becomes "\ud800"
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def from_exception(e: Exception) -> APIError:
    """The API error for what a handler raised: bad parameters are 400s, a dead engine 503."""
    if isinstance(e, APIError):
        return e
    if isinstance(e, ParamError):
        return APIError(400, str(e), e.param, e.code)
    if isinstance(e, EngineStoppedError):
        return APIError(503, str(e), code="server_shutdown")
    if isinstance(e, EngineDeadError):
        return APIError(503, f"the engine is not available: {e}", code="engine_dead")
    if isinstance(e, GptshipError):
        return APIError(400, str(e))
    log.exception("unexpected error")
    return APIError(500, "internal error; the server log has the details", code="internal_error")


def install_handlers(app: FastAPI) -> None:
    async def validation(request: Request, e: Exception) -> JSONResponse:
        assert isinstance(e, RequestValidationError)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST" and not (
            media == "application/json" or media.endswith("+json")
        ):
            # FastAPI reads JSON bodies only: any other body fails as "not an object"
            sent = f"'{media[:64]}'" if media else "none"
            return APIError(
                415,
                f"the request body must be JSON, sent with the header Content-Type: "
                f"application/json (Content-Type was {sent})",
                code="unsupported_media_type",
            ).response()
        first = e.errors()[0]
        # loc is ("body", "messages", 0, "content"): the parameter is the path after "body"
        path = [str(p) for p in first.get("loc", ()) if p != "body"]
        param = ".".join(path) or None
        message = first.get("msg", "invalid request")
        if first.get("type") == "extra_forbidden":
            message = f"Unrecognized request argument supplied: {param}"
        elif first.get("type") == "json_invalid":
            message, param = "the request body is not valid JSON", None
        elif param:
            message = f"{param}: {message}"
        return APIError(400, message, param).response()

    async def http(_: Request, e: Exception) -> JSONResponse:
        assert isinstance(e, HTTPException)
        return APIError(e.status_code, str(e.detail), headers=dict(e.headers or {})).response()

    async def api(_: Request, e: Exception) -> JSONResponse:
        return from_exception(e).response()

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(APIError, api)
    app.add_exception_handler(GptshipError, api)
    app.add_exception_handler(EngineDeadError, api)
    app.add_exception_handler(Exception, api)
