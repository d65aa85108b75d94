"""Fixtures of the analytics tests: analytics tables in a schema of their own, the known history,
the query API serving a read model that the runtime's worker built."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from event_store.log import LoggedEvent
from projections.analytics.projection import AnalyticsProjection
from projections.runtime.base import Tables
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from services.commands import CommandRunner
from services.gamification import ProgressionService
from services.social import SocialService
from services.trading import TradingService
from services.users import UserService
from tests.analytics.engagement_history import Engagement, engagement_history
from tests.analytics.http import started_client
from tests.analytics.support import (
    History,
    apply_events,
    create_tables,
    drop_schema,
    logged_events,
    trade_history,
)
from tests.conftest import CLAIM_KEY
from tests.projections.support import catch_up
from tests.support import TEST_DATABASE_URL, SteppingClock, conninfo


@pytest.fixture
def db(es_env: dict[str, str]) -> str:
    """Connection string of the per-test database (the event store's)."""
    return conninfo(es_env)


@pytest.fixture
def make_tables(es_env: dict[str, str], db: str) -> Iterator[Callable[..., Tables]]:
    """Creates migrated analytics tables in fresh schemas next to the test's event store; drops them after."""
    made: list[str] = []

    def make(label: str = "an") -> Tables:
        tables = Tables(f"{es_env['POSTGRES_SCHEMA']}_{label}")
        made.append(tables.schema)
        create_tables(db, tables)
        return tables

    yield make
    for schema in made:
        drop_schema(db, schema)


@pytest.fixture
def analytics(make_tables: Callable[..., Tables]) -> Tables:
    return make_tables()


@pytest.fixture
def history(users: UserService, trading: TradingService, clock: SteppingClock) -> History:
    return trade_history(users, trading, clock)


@pytest.fixture
def events(store: EventStore, history: History) -> list[LoggedEvent]:
    return logged_events(store, history.position)


@pytest.fixture
def applied(db: str, analytics: Tables, events: list[LoggedEvent]) -> Tables:
    """The known history applied to the analytics tables."""
    apply_events(db, analytics, events)
    return analytics


@pytest.fixture
def served_models(es_env: dict[str, str], db: str) -> Iterator[ReadModels]:
    """A read-model schema with the analytics projection migrated (and tracked) in it."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [AnalyticsProjection()])
    yield models
    drop_schema(db, models.schema_for(AnalyticsProjection))  # its own schema, beside the read models'
    drop_schema(db, models.schema)


@pytest.fixture
def served(
    users: UserService, trading: TradingService, clock: SteppingClock, served_models: ReadModels, es_env: dict[str, str]
) -> History:
    """The known history, applied by the runtime's worker (which reads only up to the cluster-wide safe
    head: other sessions' long transactions may hold it back a while)."""
    history = trade_history(users, trading, clock)
    catch_up(served_models, es_env, history.position, AnalyticsProjection())
    return history


@pytest.fixture
def engagement(users: UserService, runner: CommandRunner, clock: SteppingClock) -> Engagement:
    return engagement_history(users, ProgressionService(runner), SocialService(runner, CLAIM_KEY), clock)


@pytest.fixture
def engagement_events(store: EventStore, engagement: Engagement) -> list[LoggedEvent]:
    return logged_events(store, engagement.position)


@pytest.fixture
def engaged(db: str, analytics: Tables, engagement_events: list[LoggedEvent]) -> Tables:
    """The known engagement history applied to the analytics tables."""
    apply_events(db, analytics, engagement_events)
    return analytics


@pytest.fixture
def client(redis_url: str, served_models: ReadModels) -> Iterator[TestClient]:
    yield from started_client(redis_url, served_models)


@pytest.fixture(scope="module")
def bare_client(redis_url: str, postgres_available: None) -> Iterator[TestClient]:
    """One app, empty read models, for the refusals decided before any read."""
    schema = f"analytics_refusals_{uuid.uuid4().hex[:10]}"
    models = ReadModels(TEST_DATABASE_URL, schema=schema, progress_channel=f"{schema}_progress")
    migrate(models, [AnalyticsProjection()])
    try:
        yield from started_client(redis_url, models)
    finally:
        drop_schema(TEST_DATABASE_URL, schema)
