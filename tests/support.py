"""Test helpers shared by every suite: a controllable clock, database schemas."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import psycopg
from psycopg import sql

from event_store.config import eventsourcing_env
from event_store.schema import ensure_database, migrate

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/astratrade_test")


class SteppingClock:
    """A clock the test moves by hand; starts at a fixed UTC instant."""

    def __init__(self, start: datetime | None = None) -> None:
        self.instant = start or datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.instant

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)

    def set(self, instant: datetime) -> None:
        self.instant = instant


def new_schema_name() -> str:
    return f"t_{uuid.uuid4().hex[:12]}"


@contextmanager
def fresh_schema(database_url: str = TEST_DATABASE_URL, **env_overrides: str) -> Iterator[dict[str, str]]:
    """A migrated, empty schema of its own for one test; dropped afterwards."""
    env = {**eventsourcing_env(database_url, schema=new_schema_name(), pool_size=4), **env_overrides}
    ensure_database(env)
    migrate(env)
    try:
        yield env
    finally:
        drop_schema(env)


def drop_schema(env: dict[str, str]) -> None:
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(env["POSTGRES_SCHEMA"])))


def conninfo(env: dict[str, str]) -> str:
    return (
        f"host={env['POSTGRES_HOST']} port={env['POSTGRES_PORT']} "
        f"dbname={env['POSTGRES_DBNAME']} user={env['POSTGRES_USER']}"
    )
