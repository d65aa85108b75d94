"""Fixtures of the gamification tests: the policies' read-model schema and a trading desk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg import sql

from projections.policies.challenges import ChallengeExpiryPolicy, ChallengeScoringPolicy
from projections.policies.progression import ProgressionPolicy
from projections.runtime import ReadModels, migrate
from services.commands import CommandRunner
from services.social import ChallengeService, SocialService
from services.trading import TradingService
from services.users import UserService

# The HTTP tests build the real command app exactly as tests/api does.
from tests.api.conftest import alice, app, bob, client, settings  # noqa: F401
from tests.conftest import CLAIM_KEY
from tests.gamification.support import Desk
from tests.support import SteppingClock


@pytest.fixture
def policy_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_read")
    migrate(models, [ProgressionPolicy(), ChallengeScoringPolicy(), ChallengeExpiryPolicy()])
    yield models
    with models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(models.schema)))


@pytest.fixture
def desk(users: UserService, trading: TradingService, clock: SteppingClock) -> Desk:
    return Desk(users, trading, clock)


@pytest.fixture
def social(runner: CommandRunner) -> SocialService:
    return SocialService(runner, CLAIM_KEY)


@pytest.fixture
def challenges(runner: CommandRunner) -> ChallengeService:
    return ChallengeService(runner)
