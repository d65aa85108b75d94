"""Fixtures of the notifications tests: a read-model schema of their own and the services that make events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from projections.notifications.projection import NotificationsProjection
from projections.runtime import ReadModels, migrate
from query_api.app import create_app
from query_api.container import QueryOptions
from services.trading import TradingService
from services.users import UserService
from tests.gamification.support import Desk
from tests.leaderboard.support import drop_read_models
from tests.query_api.conftest import make_settings
from tests.support import SteppingClock


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [NotificationsProjection()])
    yield models
    drop_read_models(models)


@pytest.fixture
def desk(users: UserService, trading: TradingService, clock: SteppingClock) -> Desk:
    return Desk(users, trading, clock)


@pytest.fixture
def app(redis_url: str, read_models: ReadModels):
    return create_app(make_settings(redis_url), read_models, QueryOptions(wait_timeout=2.0))


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as started:
        yield started
