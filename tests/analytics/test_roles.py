"""The read-only analyst role: SELECT on the analytics schema, refused everywhere else."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from projections.analytics.roles import ensure_analyst_role
from projections.analytics.statements import TABLES
from projections.portfolio.projection import PortfolioProjection
from projections.runtime.base import Tables
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from tests.analytics.support import create_tables, drop_schema

EVENT_STORE_TABLES = ("astratrade_events", "idempotency_keys", "astratrade_snapshots")


@pytest.fixture
def role(db: str) -> Iterator[str]:
    """A role name of this test's own (roles are cluster-wide); dropped with its grants afterwards."""
    name = f"analyst_{uuid.uuid4().hex[:10]}"
    yield name
    with psycopg.connect(db, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def read_models(es_env: dict[str, str], db: str) -> Iterator[ReadModels]:
    """Another read-model schema (the portfolio's), which analysts must not read."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_rm")
    migrate(models, [PortfolioProjection()])
    yield models
    drop_schema(db, models.schema)


@pytest.fixture
def granted(db: str, applied: Tables, role: str, es_env: dict[str, str], read_models: ReadModels) -> Tables:
    with psycopg.connect(db, autocommit=True) as conn:
        ensure_analyst_role(
            conn, applied.schema, role=role, deny_schemas=(es_env["POSTGRES_SCHEMA"], read_models.schema)
        )
    return applied


def as_role(db: str, role: str, query: sql.Composable) -> list[tuple[Any, ...]]:
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        return conn.execute(sql.Composed([query])).fetchall()


def select_all(table: sql.Identifier) -> sql.Composed:
    return sql.SQL("SELECT * FROM {}").format(table)


def test_analyst_selects_every_analytics_table_when_granted(db: str, granted: Tables, role: str):
    counts = {t: len(as_role(db, role, select_all(granted[t]))) for t in TABLES}
    assert counts == {
        "trade_facts": 7,
        "volume_hourly": 6,
        "volume_daily": 3,
        "trader_activity_hourly": 6,
        "trader_activity_daily": 5,
        "xp_awards": 0,
        "xp_earners_daily": 0,
        "xp_daily": 0,
        "achievement_unlocks": 0,
        "achievements_daily": 0,
        "clan_sizes": 0,
    }


def test_analyst_selects_the_engagement_tables_when_granted(db: str, engaged: Tables, role: str):
    # Grants are per schema (today's tables and, by default privileges, future ones): nothing per table
    with psycopg.connect(db, autocommit=True) as conn:
        ensure_analyst_role(conn, engaged.schema, role=role)
    xp = as_role(
        db, role, sql.SQL("SELECT day::text, xp_earned, users_earning FROM {} ORDER BY day").format(engaged["xp_daily"])
    )
    assert xp == [("2026-01-05", 60, 2), ("2026-01-06", 95, 3)]
    unlocked = as_role(db, role, sql.SQL("SELECT sum(unlocked) FROM {}").format(engaged["achievements_daily"]))
    assert unlocked == [(7,)]
    sizes = as_role(db, role, sql.SQL("SELECT name, members FROM {} ORDER BY name").format(engaged["clan_sizes"]))
    assert sizes == [("Alpha", 2), ("Beta", 1)]
    counts = {
        t: len(as_role(db, role, select_all(engaged[t])))
        for t in ("xp_awards", "xp_earners_daily", "achievement_unlocks")
    }
    assert counts == {"xp_awards": 7, "xp_earners_daily": 5, "achievement_unlocks": 7}


@pytest.mark.parametrize("table", EVENT_STORE_TABLES)
def test_analyst_is_refused_when_reading_the_event_store(
    db: str, granted: Tables, role: str, es_env: dict[str, str], table: str
):
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        as_role(db, role, select_all(sql.Identifier(es_env["POSTGRES_SCHEMA"], table)))


@pytest.mark.parametrize("table", ["portfolio_accounts", "portfolio_wallets", "projection_tracking"])
def test_analyst_is_refused_when_reading_another_read_model_schema(
    db: str, granted: Tables, role: str, read_models: ReadModels, table: str
):
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        as_role(db, role, select_all(sql.Identifier(read_models.schema, table)))


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM {table}",
        "UPDATE {table} SET fees = 0",
        "TRUNCATE {table}",
        "CREATE TABLE {schema}.mine (x int)",
        "DROP TABLE {table}",
    ],
)
def test_analyst_is_refused_when_writing_analytics(db: str, granted: Tables, role: str, statement: str):
    query = sql.SQL(statement).format(table=granted["volume_daily"], schema=sql.Identifier(granted.schema))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, role, query)


def test_analyst_reads_tables_created_after_the_grant_when_a_rebuild_recreates_them(
    db: str, granted: Tables, role: str
):
    rebuilt = Tables(granted.schema, "__rebuild")
    create_tables(db, rebuilt)  # what a rebuild does before swapping its tables in
    assert as_role(db, role, select_all(rebuilt["trade_facts"])) == []


def test_role_is_narrowed_again_when_someone_widened_it(
    db: str, granted: Tables, role: str, es_env: dict[str, str], read_models: ReadModels
):
    events = sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(sql.SQL("GRANT pg_read_all_data TO {}").format(sql.Identifier(role)))
        conn.execute(
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                sql.Identifier(es_env["POSTGRES_SCHEMA"]), sql.Identifier(role)
            )
        )
        conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(events, sql.Identifier(role)))
        assert as_role(db, role, select_all(events))  # widened: it can read events now
        ensure_analyst_role(
            conn, granted.schema, role=role, deny_schemas=(es_env["POSTGRES_SCHEMA"], read_models.schema)
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, role, select_all(events))
    assert len(as_role(db, role, select_all(granted["volume_daily"]))) == 3


def test_role_logs_in_read_only_when_given_a_password(db: str, granted: Tables, role: str):
    with psycopg.connect(db, autocommit=True) as conn:
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (role,)).fetchone() == (False,)
        ensure_analyst_role(conn, granted.schema, role=role, password="s3cret-for-tests")
        assert conn.execute("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", (role,)).fetchone() == (
            True,
            False,
        )
    login = psycopg.conninfo.make_conninfo(db, user=role, password="s3cret-for-tests")
    with psycopg.connect(login) as conn:
        assert conn.execute("SHOW default_transaction_read_only").fetchone() == ("on",)
        assert conn.execute("SHOW statement_timeout").fetchone() == ("1min",)
        assert len(conn.execute(select_all(granted["volume_hourly"])).fetchall()) == 6
