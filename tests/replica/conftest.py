"""Fixtures of the read-replica tests: ONE primary and streaming standby per module (about a second to
start), an event store and a portfolio read model on the primary, and query apps reading the standby."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from event_store.application import EventStore
from event_store.config import eventsourcing_env
from event_store.schema import ensure_database, migrate
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ReadModels
from projections.runtime import migrate as migrate_read_models
from query_api.app import create_app
from query_api.container import QueryOptions
from services.commands import CommandRunner
from services.trading import TradingService
from services.users import UserService
from tests.conftest import CLAIM_KEY
from tests.faults.servers import PrivatePostgres
from tests.query_api.conftest import make_settings
from tests.replica.standby import Standby, primary_and_standby
from tests.support import SteppingClock

SCHEMA = "replica_es"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[PrivatePostgres, Standby]]:
    with primary_and_standby() as pair:
        yield pair


@pytest.fixture(scope="module")
def primary(servers: tuple[PrivatePostgres, Standby]) -> PrivatePostgres:
    return servers[0]


@pytest.fixture(scope="module")
def standby(servers: tuple[PrivatePostgres, Standby]) -> Standby:
    return servers[1]


@pytest.fixture(scope="module")
def es_env(primary: PrivatePostgres) -> dict[str, str]:
    env = eventsourcing_env(primary.url, schema=SCHEMA, pool_size=4)
    ensure_database(env)
    migrate(env)
    migrate(eventsourcing_env(primary.url, pool_size=1))  # the access tables query apps read (public schema)
    return env


@pytest.fixture(scope="module")
def standby_env(es_env: dict[str, str], standby: Standby) -> dict[str, str]:
    return eventsourcing_env(standby.url, schema=SCHEMA, pool_size=2)


@pytest.fixture(scope="module")
def read_models(es_env: dict[str, str]) -> ReadModels:
    models = ReadModels.from_env(es_env, schema=SCHEMA + "_rm")
    migrate_read_models(models, [PortfolioProjection()])
    return models


@pytest.fixture(scope="module")
def store(es_env: dict[str, str]) -> Iterator[EventStore]:
    app = EventStore(env=es_env)
    yield app
    app.close()


@pytest.fixture(scope="module")
def runner(store: EventStore) -> CommandRunner:
    return CommandRunner(store, SteppingClock())


@pytest.fixture(scope="module")
def users(runner: CommandRunner) -> UserService:
    return UserService(runner, CLAIM_KEY)


@pytest.fixture(scope="module")
def trading(runner: CommandRunner) -> TradingService:
    return TradingService(runner)


@pytest.fixture(scope="module")
def settings(redis_url: str, primary: PrivatePostgres, standby: Standby) -> Settings:
    return make_settings(redis_url, database_url=primary.url, READ_DATABASE_URL=standby.url)


@pytest.fixture(scope="module")
def client(settings: Settings, read_models: ReadModels, standby: Standby) -> Iterator[TestClient]:
    """The query API reading the standby; a test that pauses replay resumes it before this closes."""
    with TestClient(create_app(settings, read_models, QueryOptions(wait_timeout=2.0))) as started:
        yield started


@pytest.fixture
def paused(standby: Standby) -> Iterator[Standby]:
    """The standby with its replay paused (WAL still arrives); resumed at teardown whatever happens."""
    standby.pause_replay()
    try:
        yield standby
    finally:
        standby.resume_replay()
