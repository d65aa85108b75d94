"""Fixtures: every test that touches PostgreSQL gets a fresh schema of its own.

When PostgreSQL or Redis is unreachable the fixtures skip locally but FAIL when
``CI=true``: a CI run must never pass by skipping its persistence tests.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pika.exceptions
import psycopg
import pytest
import redis

from event_store.application import EventStore
from event_store.config import eventsourcing_env
from event_store.schema import ensure_database, migrate
from services.commands import CommandRunner
from services.trading import TradingService
from services.users import UserService
from tests.job_brokers import BROKERS, private_vhost
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
    # Query apps built with the default DATABASE_SCHEMA read the access tables (http_common/access.py)
    # in the test database's public schema: migrated once, empty, so their tokens are never revoked.
    env = eventsourcing_env(TEST_DATABASE_URL, pool_size=1)
    ensure_database(env)
    migrate(env)


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        _unavailable("Redis", error)
    return REDIS_URL


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    """A RabbitMQ virtual host of this test run's own (tests/job_brokers.py)."""
    try:
        with private_vhost() as url:
            yield url
    except (OSError, subprocess.SubprocessError, pika.exceptions.AMQPError) as error:
        _unavailable("RabbitMQ (and rabbitmqctl)", error)


@pytest.fixture(params=BROKERS)
def broker_kind(request: pytest.FixtureRequest) -> str:
    """Each job test that takes this runs on both brokers (JOBS_BROKER)."""
    return str(request.param)


@pytest.fixture
def broker_urls(broker_kind: str, redis_url: str, request: pytest.FixtureRequest) -> tuple[str, str | None]:
    """(Redis URL, the run's RabbitMQ vhost URL when the test runs on RabbitMQ)."""
    return redis_url, request.getfixturevalue("rabbitmq_url") if broker_kind == "rabbitmq" else None


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
