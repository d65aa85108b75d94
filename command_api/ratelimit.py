"""The command API's per-user rate limit (the limiter is http_common's, shared with the query API).

The middleware also binds the request's correlation id for the logs written while
the request runs (``astratrade.logs.bind``).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from astratrade import logs
from astratrade.settings import Settings
from http_common import ratelimit


def install(app: FastAPI, settings: Settings) -> None:
    """Add the limiter to ``app`` (with ``RATE_LIMIT_PER_SECOND`` 0 it only binds the correlation id)."""
    app.add_middleware(RateLimit, rate=settings.rate_limit_per_second, burst=settings.rate_limit_burst,
                       redis_url=settings.redis_url)


class RateLimit(ratelimit.RateLimit):
    """http_common's limiter, with the request's correlation id bound for everything logged inside it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with logs.bind(scope.get("state", {}).get("correlation_id")):
            await super().__call__(scope, receive, send)
