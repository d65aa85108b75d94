"""Exception handlers turning every error into a problem document; each API adds its own on top."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any
from uuid import uuid4

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from http_common.middleware import CORRELATION_HEADER
from http_common.problems import ApiProblem, ProblemResponse, problem

Handler = Callable[[Request, Exception], Response]
_log = logging.getLogger(__name__)


def _api_problem(_: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, ApiProblem)
    return problem(exc.status, exc.code, exc.detail, exc.headers, **exc.extra)


def _validation_error(_: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(e) for e in exc.errors()]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    detail = f"{'.'.join(map(str, first['loc']))}: {first['msg']}{more}"
    return problem(422, "validation_error", detail, errors=errors)


def _field_error(error: Any) -> dict[str, Any]:
    loc = [part if isinstance(part, int) else str(part)[:64] for part in error.get("loc", ())]
    return {"loc": loc, "msg": str(error.get("msg", ""))[:200], "type": str(error.get("type", ""))}


def _http_exception(_: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        # FastAPI answers 400 for a body it cannot decode (bad UTF-8, nesting too deep):
        # malformed input is 422 by the contract.
        return problem(422, "validation_error", "the request body could not be parsed as JSON")
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    return problem(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))


def _unexpected(request: Request, exc: Exception) -> ProblemResponse:
    # Starlette runs this outside every middleware, so the correlation id is added here;
    # the exception's text goes to the log only, never to the client.
    correlation_id = getattr(request.state, "correlation_id", None) or str(uuid4())
    _log.error("unhandled error (correlation id %s)", correlation_id, exc_info=exc)
    return problem(500, "internal_error", "an unexpected error occurred", {CORRELATION_HEADER: correlation_id})


def install(app: FastAPI, own: Mapping[type[Exception], Handler]) -> None:
    """Register the shared handlers and the API's ``own`` ones on ``app``."""
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_exception)
    for kind, handler in own.items():
        app.add_exception_handler(kind, handler)
    app.add_exception_handler(Exception, _unexpected)
