"""One error shape for every API error.

Every error the API returns, whatever raised it, is

    {"error": {"status": 422, "code": "ATT200", "message": "...", "details": [...]}}

`code` is attache's stable error code (see `attache.errors`), extended here with the codes of
errors only HTTP has (not found, method not allowed, body too large). `details` lists the
invalid parameters (`{"where": "query.country", "message": "..."}`), else it is empty. Pages
(paths outside /api) get the same information as an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from attache.errors import AttacheError, InputError, StoreError, UsageError

_log = logging.getLogger(__name__)
HTTP_CODES = {400: "ATT200", 404: "ATT210", 405: "ATT211", 413: "ATT212", 415: "ATT213",
              422: "ATT200", 500: "ATT000", 503: "ATT300"}


class NotFound(UsageError):
    code = "ATT210"


class Detail(BaseModel):
    where: str
    message: str


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    details: list[Detail] = []


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorInfo


Renderer = Callable[[Request, ErrorInfo], Response]


def install(app: FastAPI, page: Renderer) -> None:
    """Route every error through `_respond`: JSON under /api, `page(...)` elsewhere."""

    def handler(convert: Callable[[Any], ErrorInfo]) -> Callable[..., Awaitable[Response]]:
        async def handle(request: Request, error: Any) -> Response:
            return _respond(request, convert(error), page)
        return handle

    app.add_exception_handler(RequestValidationError, handler(_invalid))
    app.add_exception_handler(ValidationError, handler(_invalid))
    app.add_exception_handler(HTTPException, handler(_http))
    app.add_exception_handler(AttacheError, handler(_attache))
    app.add_exception_handler(Exception, handler(_internal))


def _respond(request: Request, info: ErrorInfo, page: Renderer) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse(ErrorBody(error=info).model_dump(), status_code=info.status)
    return page(request, info)


def error_info(status: int, message: str, details: list[Detail] | None = None,
               code: str | None = None) -> ErrorInfo:
    return ErrorInfo(status=status, code=code or HTTP_CODES.get(status, "ATT200"),
                     message=message, details=details or [])


def _invalid(error: RequestValidationError | ValidationError) -> ErrorInfo:
    details = [Detail(where=".".join(str(p) for p in e.get("loc", ())) or "request",
                      message=str(e.get("msg", "invalid")).removeprefix("Value error, "))
               for e in error.errors()]
    return error_info(422, "invalid request: " + "; ".join(
        f"{d.where}: {d.message}" for d in details[:3]), details)


def _http(error: HTTPException) -> ErrorInfo:
    message = {404: "not found", 405: "method not allowed"}.get(error.status_code)
    return error_info(error.status_code, str(error.detail) if error.detail else message or "")


def _attache(error: AttacheError) -> ErrorInfo:
    status = (404 if isinstance(error, NotFound) else 503 if isinstance(error, StoreError)
              else 422 if isinstance(error, InputError | UsageError) else 500)
    return error_info(status, str(error), code=error.code)


def _internal(error: Exception) -> ErrorInfo:
    _log.error("internal error", exc_info=error)
    return error_info(500, "internal error; the server log has the details")
