"""Fixtures of the leaderboard tests: read models of their own next to the per-test event store, a world."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from projections.leaderboard.live.mirror import LiveMirror
from projections.leaderboard.projection import LeaderboardProjection
from projections.marketplace.projection import MarketplaceProjection
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.minting import MintingPolicy
from projections.policies.progression import ProgressionPolicy
from projections.profiles.projection import ProfilesProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from projections.trade_history.projection import TradeHistoryProjection
from query_api.app import create_app
from query_api.container import QueryOptions
from query_api.deps import clock as board_clock
from services.commands import CommandRunner
from services.erasure import ErasureService
from services.social import SocialService
from services.trading import TradingService
from services.users import UserService
from tests.conftest import CLAIM_KEY
from tests.leaderboard.support import FAST, Mirrored, World, api_settings, drop_read_models, forget_live_keys
from tests.support import SteppingClock


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    """A migrated read-model schema of its own (with its own progress channel)."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(
        models,
        [
            LeaderboardProjection(),
            ProfilesProjection(),
            ProgressionPolicy(),
            LiquidationPolicy(),
            MintingPolicy(),
            MarketplaceProjection(),
            TradeHistoryProjection(),
        ],
    )
    yield models
    drop_read_models(models)


@pytest.fixture
def world(
    users: UserService,
    trading: TradingService,
    runner: CommandRunner,
    clock: SteppingClock,
    read_models: ReadModels,
    es_env: dict[str, str],
) -> World:
    return World(users, trading, SocialService(runner, CLAIM_KEY), ErasureService(runner), clock, read_models, es_env)


@pytest.fixture
def redis_client(redis_url: str, read_models: ReadModels) -> Iterator[redis.Redis]:
    """A Redis client; this schema's live keys are deleted afterwards (other suites share the database)."""
    client = redis.Redis.from_url(redis_url)
    yield client
    forget_live_keys(client, read_models)
    client.close()


@pytest.fixture
def mirror(read_models: ReadModels, redis_client: redis.Redis, clock: SteppingClock) -> Iterator[Mirrored]:
    """The Redis mirror of this schema's boards, synced by hand (``mirror.sync()``)."""
    with read_models.connect("test-mirror") as conn:
        yield Mirrored(LiveMirror(read_models, redis_client, clock), conn)


@pytest.fixture
def make_client(redis_url: str, read_models: ReadModels, clock: SteppingClock) -> Iterator[Callable[..., TestClient]]:
    """Started query API clients on this schema, their clock the test's; closed at teardown."""
    clients: list[TestClient] = []

    def make(redis: str = redis_url, options: QueryOptions = FAST) -> TestClient:
        app = create_app(api_settings(redis), read_models, options)
        app.dependency_overrides[board_clock] = clock
        clients.append(TestClient(app).__enter__())
        return clients[-1]

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()
