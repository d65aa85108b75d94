"""The composition root of the query API: ``create_app(settings)``.

It reads the read-model schema only (portfolio tables, the runtime's tracking and
dead-letter tables), never the event store's tables.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import psycopg
from fastapi import FastAPI
from psycopg import IsolationLevel
from psycopg_pool import ConnectionPool
from starlette.types import Lifespan

from astratrade import tracing
from astratrade.settings import Settings
from http_common import api_docs, cors, headers, ratelimit
from http_common.access import AccessCheck
from http_common.operation_ids import operation_id
from http_common.probes import redis_client
from http_common.problems import document_problems
from http_common.tokens import TokenVerifier
from http_common.wiring import wire
from projections.runtime import ReadModels
from projections.runtime.config import conninfo_of
from query_api import errors
from query_api.container import Container, QueryOptions
from query_api.live.state import Live
from query_api.metrics import Metrics, ReadSideMetrics
from query_api.progress import Progress
from query_api.reading import Reader
from query_api.replica import ReplicaLag
from query_api.routes import ROUTERS
from query_api.waits import WaitSlots

# info.version of the OpenAPI document: when the document changes, bump it and add a contracts/CHANGES.md entry.
VERSION = "1.1.0"
MAX_BODY_BYTES = 64 * 1024  # queries carry their parameters in the URL
RATE_LIMIT_KEYS = "astratrade:ratelimit:query:"  # buckets of their own: reads do not spend the command budget
DESCRIPTION = (
    "Reads of the AstraTrade read models. Money, prices and quantities are decimal strings; errors are "
    "RFC 9457 problem documents. Every query accepts `min_position` (read-your-writes): it waits, bounded, "
    "until the read model has applied that log position, else answers 503 with Retry-After. "
    "An `X-Correlation-ID` header is echoed back."
)


def create_app(
    settings: Settings, read_models: ReadModels | None = None, options: QueryOptions | None = None
) -> FastAPI:
    """Build the app; ``read_models`` defaults to the ``read_models`` schema of the configured database."""
    models = read_models or ReadModels.from_env(settings.eventsourcing_env(), settings.read_model_schema)
    container = _container(settings, models, options or QueryOptions(wait_timeout=settings.query_wait_timeout))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pools = [p for p in (container.pool, container.primary_pool) if p is not None]
        for pool in pools:
            pool.open(wait=False)  # /ready reports a database that is down; start-up does not fail
        await container.progress.start()
        try:
            yield
        finally:
            await container.progress.stop()
            for pool in pools:
                pool.close()
            container.redis.close()
            container.live.close()

    app = _routed(lifespan)
    app.state.container = container
    errors.install(app)
    ratelimit.install(
        app,
        settings.query_rate_limit_per_second,
        settings.query_rate_limit_burst,
        settings.redis_url,
        key_prefix=RATE_LIMIT_KEYS,
    )  # inside wire's middleware, like the command API's
    wire(app, container.tokens, container.metrics, MAX_BODY_BYTES, container.access)
    api_docs.install(app)
    cors.install(app, settings.cors_origins)  # outside auth and rate limits: preflights carry no token
    headers.install(app)  # outermost: 431 before anything reads the headers
    tracing.instrument_app(app)  # a server span per request, only while tracing is on (docs/adr/0010)
    return app


def _routed(lifespan: Lifespan[FastAPI] | None = None) -> FastAPI:
    app = FastAPI(
        title="AstraTrade query API",
        version=VERSION,
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
    )  # served from local assets by api_docs
    for router in ROUTERS:
        app.include_router(router)
    return app


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document the app serves, built without connecting to anything (scripts/contracts)."""
    app = _routed()
    document_problems(app)
    return app.openapi()


def _container(settings: Settings, read_models: ReadModels, options: QueryOptions) -> Container:
    # Reads go to the hot standby when READ_DATABASE_URL names one (docs/adr/0010), else to the primary.
    standby = settings.read_eventsourcing_env()
    reads = read_models if standby is None else replace(read_models, conninfo=conninfo_of(standby))
    pool = _pool(reads.conninfo, settings.db_pool_size, options, "query-api")
    primary = None if standby is None else _pool(read_models.conninfo, 2, options, "query-api-primary")
    replica = None if primary is None else ReplicaLag(primary, pool)
    metrics = Metrics()
    metrics.registry.register(ReadSideMetrics(reads, pool, primary))  # every projection's lag, on this /metrics
    if replica is not None:
        metrics.registry.register(replica)
    # Waits count the standby's tracking rows (they replicate with the rows they vouch for); woken by the primary.
    progress = Progress(reads, None if standby is None else read_models.conninfo)
    reader = Reader(pool, progress, metrics, WaitSlots(settings.query_max_waits_per_user), options.wait_timeout)
    return Container(
        settings=settings,
        read_models=reads,
        pool=pool,
        progress=progress,
        reader=reader,
        tokens=TokenVerifier(settings.jwt_secret),
        metrics=metrics,
        redis=redis_client(settings.redis_url),
        live=Live.connect(settings.redis_url, read_models.schema),
        # The access tables sit beside the event store (DATABASE_SCHEMA), written with its events;
        # read on the primary, so a revocation never waits for a standby's replay.
        access=AccessCheck((primary or pool).connection, settings.database_schema, settings.token_check_cache_seconds),
        primary_pool=primary,
        replica=replica,
    )


def _pool(conninfo: str, size: int, options: QueryOptions, name: str) -> ConnectionPool[Any]:
    return ConnectionPool(
        conninfo,
        min_size=1,
        max_size=size,
        open=False,
        name=name,
        timeout=options.db_timeout,
        configure=_snapshot_reads,
        check=ConnectionPool.check_connection,
    )


def _snapshot_reads(conn: psycopg.Connection[Any]) -> None:
    # Every checkout is one read-only transaction over one snapshot.
    conn.isolation_level = IsolationLevel.REPEATABLE_READ
    conn.read_only = True


def app_from_environment() -> FastAPI:
    """The app configured from the environment: the factory ``astratrade serve`` runs under uvicorn."""
    settings = Settings()
    tracing.configure(settings, "query-api")  # in each uvicorn worker process; off unless an OTLP endpoint is set
    return create_app(settings)
