"""Fixtures of the query API tests: a read-model schema next to the per-test event store, the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from projections.portfolio.projection import PortfolioProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from query_api.app import create_app
from query_api.container import QueryOptions
from services.trading import TradingService
from services.users import UserService
from tests.query_api.support import JWT_SECRET, Traders, catch_up, drop_read_models, trade_history
from tests.support import TEST_DATABASE_URL

FAST = QueryOptions(wait_timeout=0.5)


def make_settings(redis_url: str, **overrides: object) -> Settings:
    """Settings built explicitly, never read from this process's environment."""
    values: dict[str, object] = {
        "ASTRATRADE_ENV": "test",
        "database_url": TEST_DATABASE_URL,
        "redis_url": redis_url,
        "jwt_secret": JWT_SECRET,
        "CLAIM_KEY": "query-test-claim-key-0123456789abcdef",
    }
    return Settings(**{**values, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    """A migrated read-model schema of its own (with its own progress channel)."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [PortfolioProjection()])
    yield models
    drop_read_models(models)


@pytest.fixture
def settings(redis_url: str) -> Settings:
    return make_settings(redis_url)


@pytest.fixture
def make_client(settings: Settings, read_models: ReadModels) -> Iterator[Callable[..., TestClient]]:
    """Builds started clients (lifespan run) with the given options; all closed at teardown."""
    clients: list[TestClient] = []

    def make(options: QueryOptions = FAST, app_settings: Settings | None = None) -> TestClient:
        client = TestClient(create_app(app_settings or settings, read_models, options))
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def traders(users: UserService, trading: TradingService, read_models: ReadModels, es_env: dict[str, str]) -> Traders:
    """The known history, applied to the read models by the runtime's worker."""
    history = trade_history(users, trading)
    catch_up(read_models, es_env, history.position)
    return history
