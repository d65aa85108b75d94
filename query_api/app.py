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
from http_common.access import AccessCheck
from http_common.probes import redis_client
from http_common.tokens import TokenVerifier
from http_common.wiring import wire
from projections.runtime import ReadModels
from query_api import errors
from query_api.container import Container, QueryOptions
from query_api.live.state import Live
from query_api.metrics import Metrics
from query_api.progress import Progress
from query_api.queries import ReadModelQueries
from query_api.routes import ROUTERS

MAX_BODY_BYTES = 64 * 1024  # queries carry their parameters in the URL
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
        container.progress.start()
        try:
            yield
        finally:
            container.progress.stop()
            container.pool.close()
            container.redis.close()
            container.live.close()

    app = FastAPI(title="AstraTrade query API", version="1.0.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.container = container
    for router in ROUTERS:
        app.include_router(router)
    errors.install(app)
    wire(app, container.tokens, container.metrics, MAX_BODY_BYTES, container.access)
    return app


def _container(settings: Settings, read_models: ReadModels, options: QueryOptions) -> Container:
    pool: ConnectionPool[Any] = ConnectionPool(
        read_models.conninfo, min_size=1, max_size=settings.db_pool_size, open=False, name="query-api",
        timeout=options.db_timeout, configure=_snapshot_reads, check=ConnectionPool.check_connection,
    )
    metrics = Metrics()
    progress = Progress(read_models)
    queries = ReadModelQueries(pool, read_models, progress, metrics, options.wait_timeout)
    return Container(settings=settings, read_models=read_models, pool=pool, progress=progress, queries=queries,
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
