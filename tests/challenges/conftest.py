"""Fixtures of the challenges tests: a read-model schema of their own, an arena, the query API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from projections.challenges.projection import ChallengesProjection
from projections.policies.challenges import ChallengeScoringPolicy
from projections.runtime import ReadModels, migrate
from query_api.app import create_app
from query_api.container import QueryOptions
from services.commands import CommandRunner
from services.social import ChallengeService, SocialService
from services.trading import TradingService
from services.users import UserService
from tests.challenges.support import Arena, drop_read_models
from tests.conftest import CLAIM_KEY
from tests.gamification.support import Desk
from tests.query_api.conftest import make_settings
from tests.support import SteppingClock


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [ChallengeScoringPolicy(), ChallengesProjection()])
    yield models
    drop_read_models(models)


@pytest.fixture
def arena(
    users: UserService,
    trading: TradingService,
    runner: CommandRunner,
    clock: SteppingClock,
    store: EventStore,
    read_models: ReadModels,
    es_env: dict[str, str],
) -> Arena:
    return Arena(
        Desk(users, trading, clock),
        SocialService(runner, CLAIM_KEY),
        ChallengeService(runner),
        clock,
        store,
        read_models,
        es_env,
    )


@pytest.fixture
def client(redis_url: str, read_models: ReadModels) -> Iterator[TestClient]:
    """The real query API on this schema, started (lifespan run)."""
    app = create_app(make_settings(redis_url), read_models, QueryOptions(wait_timeout=2.0))
    with TestClient(app) as started:
        yield started
