"""Fixtures of the contract tests: a portfolio read model next to the per-test event store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from projections.portfolio.projection import PortfolioProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from tests.query_api.support import drop_read_models


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    """A migrated read-model schema of its own (with its own progress channel)."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [PortfolioProjection()])
    yield models
    drop_read_models(models)
