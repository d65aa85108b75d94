"""Fixtures: every test that touches PostgreSQL gets a fresh schema of its own.

When PostgreSQL or Redis is unreachable the fixtures skip locally but FAIL when
``CI=true``: a CI run must never pass by skipping its persistence tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
import redis

from event_store.application import EventStore
from services.commands import CommandRunner
from services.trading import TradingService
from services.users import UserService
from tests.support import TEST_DATABASE_URL, SteppingClock, fresh_schema

IN_CI = os.environ.get("CI", "").lower() == "true"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CLAIM_KEY = b"test-claim-key"


def _unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not reachable: {error}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_available() -> None:
    try:
        with psycopg.connect(TEST_DATABASE_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            pass
    except psycopg.Error as error:
        _unavailable("PostgreSQL", error)


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        _unavailable("Redis", error)
    return REDIS_URL


@pytest.fixture
def es_env(postgres_available: None) -> Iterator[dict[str, str]]:
    """eventsourcing env for a fresh, migrated schema."""
    with fresh_schema() as env:
        yield env


@pytest.fixture
def store(es_env: dict[str, str]) -> Iterator[EventStore]:
    app = EventStore(env=es_env)
    yield app
    app.close()


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def runner(store: EventStore, clock: SteppingClock) -> CommandRunner:
    return CommandRunner(store, clock)


@pytest.fixture
def users(runner: CommandRunner) -> UserService:
    return UserService(runner, CLAIM_KEY)


@pytest.fixture
def trading(runner: CommandRunner) -> TradingService:
    # As in a deployment whose Starknet vault is configured: settlement requests are recorded.
    return TradingService(runner, onchain_settlement=True)
