"""Fixtures of the audit tests: read models with the audit schema beside the per-test event store,
the query app reading them, and the command app for erasure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from command_api.app import create_app as create_command_app
from event_store.application import EventStore
from projections.audit.projection import AuditProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from query_api.app import create_app as create_query_app
from query_api.container import QueryOptions
from tests.api.conftest import make_settings as command_settings
from tests.query_api.conftest import make_settings as query_settings
from tests.support import SteppingClock


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    """A migrated read-model schema of its own, with the audit projection's own schema."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [AuditProjection()])
    yield models
    with models.connect() as conn:
        for schema in (models.schema, models.schema_for(AuditProjection)):
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def query(redis_url: str, es_env: dict[str, str], read_models: ReadModels) -> Iterator[TestClient]:
    """The query API on these read models and this event store (verification reads its events table)."""
    settings = query_settings(redis_url, DATABASE_SCHEMA=es_env["POSTGRES_SCHEMA"])
    with TestClient(create_query_app(settings, read_models, QueryOptions(wait_timeout=0.5))) as client:
        yield client


@pytest.fixture
def command(redis_url: str, store: EventStore, clock: SteppingClock) -> Iterator[TestClient]:
    settings = command_settings(redis_url)
    with TestClient(create_command_app(settings, store=store, clock=clock)) as client:
        yield client
