"""The composition root of the query API: ``create_app(settings)``.

It reads the read-model schema only (portfolio tables, the runtime's tracking and
dead-letter tables), never the event store's tables.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from fastapi import FastAPI
from psycopg import IsolationLevel
from psycopg_pool import ConnectionPool

from astratrade.settings import Settings
from http_common import api_docs, cors, headers, ratelimit
from http_common.access import AccessCheck
from http_common.probes import redis_client
from http_common.tokens import TokenVerifier
from http_common.wiring import wire
from projections.runtime import ReadModels
from query_api import errors
from query_api.container import Container, QueryOptions
from query_api.live.state import Live
from query_api.metrics import Metrics, ReadSideMetrics
from query_api.progress import Progress
from query_api.reading import Reader
from query_api.routes import ROUTERS
from query_api.waits import WaitSlots

MAX_BODY_BYTES = 64 * 1024  # queries carry their parameters in the URL
RATE_LIMIT_KEYS = "astratrade:ratelimit:query:"  # buckets of their own: reads do not spend the command budget
DESCRIPTION = (
    "Reads of the AstraTrade read models. Money, prices and quantities are decimal strings; errors are "
    "RFC 9457 problem documents. Every query accepts `min_position` (read-your-writes): it waits, bounded, "
    "until the read model has applied that log position, else answers 503 with Retry-After. "
    "An `X-Correlation-ID` header is echoed back."
)


def create_app(settings: Settings, read_models: ReadModels | None = None,
               options: QueryOptions | None = None) -> FastAPI:
    """Build the app; ``read_models`` defaults to the ``read_models`` schema of the configured database."""
    models = read_models or ReadModels.from_env(settings.eventsourcing_env(), settings.read_model_schema)
    container = _container(settings, models, options or QueryOptions(wait_timeout=settings.query_wait_timeout))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        container.pool.open(wait=False)  # /ready reports a database that is down; start-up does not fail
        await container.progress.start()
        try:
            yield
        finally:
            await container.progress.stop()
            container.pool.close()
            container.redis.close()
            container.live.close()

    app = FastAPI(title="AstraTrade query API", version="1.0.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # served from local assets by api_docs
    app.state.container = container
    for router in ROUTERS:
        app.include_router(router)
    errors.install(app)
    ratelimit.install(app, settings.query_rate_limit_per_second, settings.query_rate_limit_burst, settings.redis_url,
                      key_prefix=RATE_LIMIT_KEYS)  # inside wire's middleware, like the command API's
    wire(app, container.tokens, container.metrics, MAX_BODY_BYTES, container.access)
    api_docs.install(app)
    cors.install(app, settings.cors_origins)  # outside auth and rate limits: preflights carry no token
    headers.install(app)  # outermost: 431 before anything reads the headers
    return app


def _container(settings: Settings, read_models: ReadModels, options: QueryOptions) -> Container:
    pool: ConnectionPool[Any] = ConnectionPool(
        read_models.conninfo, min_size=1, max_size=settings.db_pool_size, open=False, name="query-api",
        timeout=options.db_timeout, configure=_snapshot_reads, check=ConnectionPool.check_connection,
    )
    metrics = Metrics()
    metrics.registry.register(ReadSideMetrics(read_models, pool))  # every projection's lag, on this /metrics
    progress = Progress(read_models)
    reader = Reader(pool, progress, metrics, WaitSlots(settings.query_max_waits_per_user), options.wait_timeout)
    return Container(settings=settings, read_models=read_models, pool=pool, progress=progress, reader=reader,
                     tokens=TokenVerifier(settings.jwt_secret), metrics=metrics, redis=redis_client(settings.redis_url),
                     live=Live.connect(settings.redis_url, read_models.schema),
                     # The access tables sit beside the event store (DATABASE_SCHEMA), written with its events.
                     access=AccessCheck(pool.connection, settings.database_schema, settings.token_check_cache_seconds))


def _snapshot_reads(conn: psycopg.Connection[Any]) -> None:
    # Every checkout is one read-only transaction over one snapshot.
    conn.isolation_level = IsolationLevel.REPEATABLE_READ
    conn.read_only = True


def app_from_environment() -> FastAPI:
    """The app configured from the environment: the factory ``astratrade serve`` runs under uvicorn."""
    return create_app(Settings())
