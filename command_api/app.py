"""The composition root of the command API: ``create_app(settings)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import ORJSONResponse
from starlette.types import Lifespan

from aggregates.clock import Clock, system_clock
from astratrade import tracing
from astratrade.settings import Settings, starknet_status
from command_api import errors
from command_api.container import Container
from command_api.login_throttle import LoginThrottle
from command_api.metrics import Metrics
from command_api.routes import ROUTERS
from event_store.application import EventStore
from http_common import api_docs, cors, headers, ratelimit
from http_common.access import AccessCheck
from http_common.operation_ids import operation_id
from http_common.probes import redis_client
from http_common.problems import document_problems
from http_common.tokens import Tokens
from http_common.wiring import wire
from services.commands import CommandRunner
from services.instruments import InstrumentRules
from services.markets import MarketService
from services.trading import TradingService
from services.users import UserService

# info.version of the OpenAPI document: when the document changes, bump it and add a contracts/CHANGES.md entry.
VERSION = "1.0.0"
MAX_BODY_BYTES = 64 * 1024
DESCRIPTION = (
    "Commands of the AstraTrade trading backend. Money, prices and quantities are decimal strings; "
    "errors are RFC 9457 problem documents whose `type` names the rule. Every command accepts an "
    "`Idempotency-Key` and an `X-Correlation-ID` header (echoed back) and answers with `position`."
)


def create_app(settings: Settings, store: EventStore | None = None, clock: Clock | None = None) -> FastAPI:
    """Build the app. An injected ``store`` stays the caller's to close; one built here closes on shutdown."""
    owned = store is None
    event_store = store if store is not None else EventStore(env=settings.eventsourcing_env())
    container = _container(settings, event_store, clock or system_clock)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runner = container.trading.runner
        if "aio" in vars(runner):  # the async command path was used: its connections belong to this loop
            await runner.aio.close()
        container.redis.close()
        container.login_throttle.close()
        if owned:
            event_store.close()

    app = _routed(lifespan)
    app.state.container = container
    errors.install(app)
    # Per-user token buckets, inside wire's middleware (which binds the correlation id).
    ratelimit.install(app, settings.rate_limit_per_second, settings.rate_limit_burst, settings.redis_url)
    wire(app, container.tokens, container.metrics, MAX_BODY_BYTES, container.access)
    api_docs.install(app)
    cors.install(app, settings.cors_origins)  # outside auth and rate limits: preflights carry no token
    headers.install(app)  # outermost: 431 before anything reads the headers
    tracing.instrument_app(app)  # a server span per request, only while tracing is on (docs/adr/0010)
    return app


def _routed(lifespan: Lifespan[FastAPI] | None = None) -> FastAPI:
    app = FastAPI(
        title="AstraTrade command API",
        version=VERSION,
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        default_response_class=ORJSONResponse,  # same JSON, rendered in C (docs/performance.md)
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


def _container(settings: Settings, store: EventStore, clock: Clock) -> Container:
    runner = CommandRunner(store, clock)
    # Login counters per event store (database and schema): deployments sharing a Redis never meet.
    namespace = f"{store.env.get('POSTGRES_DBNAME')}.{store.env.get('POSTGRES_SCHEMA')}"
    access = AccessCheck(
        store.store.datastore.get_connection, store.store.datastore.schema, settings.token_check_cache_seconds
    )
    store.access_listeners.append(access.forget)  # a revocation recorded here is seen here at once
    return Container(
        settings=settings,
        store=store,
        users=UserService(runner, settings.claim_key.encode()),
        trading=TradingService(
            runner,
            InstrumentRules(settings.min_notional),
            onchain_settlement=starknet_status(settings).get("settlement") == "enabled",
        ),
        tokens=Tokens(settings.jwt_secret, settings.jwt_ttl_seconds),
        metrics=Metrics(),
        redis=redis_client(settings.redis_url),
        login_throttle=LoginThrottle(settings, namespace),
        access=access,
        markets=MarketService(runner),
    )


def app_from_environment() -> FastAPI:
    """The app configured from the environment: the factory ``astratrade serve`` runs under uvicorn."""
    settings = Settings()
    tracing.configure(settings, "command-api")  # in each uvicorn worker process; off unless an OTLP endpoint is set
    return create_app(settings)
