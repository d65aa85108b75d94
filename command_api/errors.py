"""The command API's problem documents: domain errors by their rule, event-store outages as 503.

The documents themselves, and the handlers every API shares, are ``http_common``'s;
the names below stay importable from here for the routes.
"""

from __future__ import annotations

import logging

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request

from aggregates.errors import DomainError
from http_common import handlers
from http_common.problems import (
    BEARER_CHALLENGE,
    INVALID_TOKEN,
    PROBLEM_JSON,
    ApiProblem,
    ProblemResponse,
    documenter,
    problem,
    problem_schema,
)
from services.errors import ConcurrencyConflict

__all__ = [
    "BEARER_CHALLENGE",
    "INVALID_TOKEN",
    "PROBLEM_JSON",
    "ApiProblem",
    "ProblemResponse",
    "documented",
    "install",
    "problem",
    "problem_schema",
]
_log = logging.getLogger(__name__)

documented = documenter(
    {
        401: "missing, invalid or expired bearer token, or bad credentials",
        403: "the caller lacks the required role",
        404: "not found (or not yours)",
        409: "refused by a business rule; `type` names it",
        413: "request body too large",
        422: "malformed input (`validation_error`) or `idempotency_key_reused`",
        429: "too many attempts (`login_throttled`); retry after the time in Retry-After",
        503: "a dependency is unreachable; retry",
    }
)


def _domain_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, DomainError)
    if isinstance(exc, ConcurrencyConflict):
        request.app.state.container.metrics.conflicts.inc()
    retry_after = getattr(exc, "retry_after", None)  # e.g. PasswordHashingBusy: a 503 says when to come back
    return problem(exc.status, exc.code, exc.detail, {"Retry-After": str(retry_after)} if retry_after else None)


def _store_unavailable(_: Request, exc: Exception) -> ProblemResponse:
    _log.warning("event store unavailable: %s", exc)
    return problem(503, "service_unavailable", "the event store is unreachable; retry shortly", {"Retry-After": "1"})


def install(app: FastAPI) -> None:
    """Register every handler on ``app``: the shared ones and the command API's own."""
    handlers.install(
        app, {DomainError: _domain_error, OperationalError: _store_unavailable, InterfaceError: _store_unavailable}
    )
