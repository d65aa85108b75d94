"""Fixtures of the strategies API tests: both real HTTP apps on the test's schema, the read models they need,
and a real dramatiq worker on real Redis running the backtest job."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import dramatiq
import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from fastapi import FastAPI
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from command_api.app import create_app
from event_store.application import EventStore
from jobs.backtests import backtest_gave_up, run_backtest_job
from projections.market.projection import MarketProjection
from projections.policies.backtests import BacktestDispatchPolicy
from projections.policies.bots import BotPolicy
from projections.runtime import ReadModels
from projections.strategies.projection import StrategiesProjection
from query_api.app import create_app as create_query_app
from query_api.container import QueryOptions
from services.commands import CommandRunner
from tests.api.conftest import make_settings
from tests.api.support import Actor, make_trader
from tests.gamification.support import policies_running
from tests.starknet.support import read_models_for
from tests.support import TEST_DATABASE_URL, SteppingClock


@pytest.fixture
def settings(redis_url: str) -> Settings:
    return make_settings(redis_url)


@pytest.fixture
def app(settings: Settings, store: EventStore, clock: SteppingClock) -> FastAPI:
    return create_app(settings, store=store, clock=clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def alice(client: TestClient) -> Actor:
    return make_trader(client, "alice")


@pytest.fixture
def bob(client: TestClient) -> Actor:
    return make_trader(client, "bob")


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(
        es_env, [StrategiesProjection(), MarketProjection(), BacktestDispatchPolicy(), BotPolicy()]
    ) as read_models:
        yield read_models


@pytest.fixture
def query(settings: Settings, models: ReadModels, es_env: dict[str, str]) -> Iterator[TestClient]:
    query_settings = settings.model_copy(update={"database_schema": es_env["POSTGRES_SCHEMA"]})
    with TestClient(create_query_app(query_settings, models, QueryOptions(wait_timeout=0.5))) as test_client:
        yield test_client


@pytest.fixture
def market_runner(store: EventStore, clock: SteppingClock) -> CommandRunner:
    return CommandRunner(store, clock)


@pytest.fixture
def broker(redis_url: str) -> Iterator[RedisBroker]:
    """A Redis broker of the test's own namespace, the backtest actor bound to it."""
    broker = RedisBroker(url=redis_url, namespace=f"astratrade-test-{uuid4().hex[:8]}")
    broker.emit_after("process_boot")
    actors: tuple[dramatiq.Actor[Any, Any], ...] = (run_backtest_job, backtest_gave_up)
    previous = [actor.broker for actor in actors]
    for actor in actors:
        actor.broker = broker
        broker.declare_actor(actor)
    try:
        yield broker
    finally:
        for actor, before in zip(actors, previous, strict=True):
            actor.broker = before
        broker.flush_all()
        broker.close()


@pytest.fixture
def jobs(
    monkeypatch: pytest.MonkeyPatch,
    es_env: dict[str, str],
    models: ReadModels,
    broker: RedisBroker,
) -> Iterator[Worker]:
    """The dispatch policy following the log and a real dramatiq worker (2 threads) running the job, configured
    like a job worker process: from the environment."""
    monkeypatch.setenv("ASTRATRADE_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", TEST_DATABASE_URL)
    monkeypatch.setenv("DATABASE_SCHEMA", es_env["POSTGRES_SCHEMA"])
    monkeypatch.setenv("READ_MODEL_SCHEMA", models.schema)
    worker = Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        with policies_running(models, es_env, BacktestDispatchPolicy(broker=broker)):
            yield worker
    finally:
        worker.stop()
