"""The query API's problem documents: read-model database outages and missing read models as 503.

The documents themselves, and the handlers every API shares, are ``http_common``'s;
the names below stay importable from here for the routes.
"""

from __future__ import annotations

import logging

import psycopg
from fastapi import FastAPI, Request
from psycopg_pool import PoolTimeout

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
        401: "missing, invalid or expired bearer token",
        403: "the caller may not read this object",
        404: "no such object",
        422: "malformed input (`validation_error`)",
        429: "too many requests from this user (`rate_limited`), or more concurrent `min_position` waits than "
        "allowed (`too_many_waits`); with Retry-After",
        503: "the read model has not reached `min_position` in time (`projection_lagging`, with Retry-After), "
        "or a dependency is unreachable",
    }
)


def _database_unavailable(_: Request, exc: Exception) -> ProblemResponse:
    _log.warning("read-model database unavailable: %s", exc)
    return problem(
        503, "service_unavailable", "the read-model database is unreachable; retry shortly", {"Retry-After": "1"}
    )


def _read_model_missing(_: Request, exc: Exception) -> ProblemResponse:
    _log.error("read-model table missing (migration not run?): %s", exc)
    return problem(
        503, "read_model_unavailable", "the read models are not migrated yet; retry shortly", {"Retry-After": "5"}
    )


def install(app: FastAPI) -> None:
    """Register every handler on ``app``: the shared ones and the query API's own."""
    transient: dict[type[Exception], handlers.Handler] = dict.fromkeys(
        (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout), _database_unavailable
    )
    handlers.install(app, {**transient, psycopg.errors.UndefinedTable: _read_model_missing})
