"""Insert-only: the application's role can append events and audit rows, never rewrite them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors, sql

from event_store.schema import grant_app_role as grant_event_store
from projections.audit.grants import grant_app_role as grant_audit
from projections.runtime.config import ReadModels
from services.trading import TradingService
from services.users import UserService
from tests.audit.support import audit_tables, catch_up, trade_history
from tests.support import SteppingClock

REWRITES = ("UPDATE {t} SET {c} = {c}", "DELETE FROM {t}", "TRUNCATE {t}")


@pytest.fixture
def app_role(
    read_models: ReadModels, es_env: dict[str, str], users: UserService, trading: TradingService, clock: SteppingClock
) -> Iterator[str]:
    """A non-superuser role granted what the application needs, on a trail caught up with a history."""
    trade_history(users, trading, clock)
    catch_up(read_models, es_env)
    role = f"app_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN NOSUPERUSER").format(sql.Identifier(role)))
        grant_event_store(conn, es_env["POSTGRES_SCHEMA"], role)
        grant_audit(conn, audit_tables(read_models), role)
    yield role
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def _tables(read_models: ReadModels, es_env: dict[str, str]) -> list[tuple[sql.Identifier, sql.Identifier]]:
    """Each protected table, with a column of it."""
    audit = audit_tables(read_models)
    return [
        (sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events"), sql.Identifier("originator_id")),
        (audit["trail"], sql.Identifier("position")),
        (audit["owners"], sql.Identifier("user_id")),
    ]


def _as(read_models: ReadModels, role: str, statement: sql.Composable) -> None:
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn, conn.transaction():
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        conn.execute(sql.Composed([statement]))


@pytest.mark.parametrize("rewrite", REWRITES)
def test_the_app_role_is_denied_when_it_tries_to_rewrite_events_or_audit_rows(
    read_models: ReadModels,
    es_env: dict[str, str],
    app_role: str,
    rewrite: str,
) -> None:
    # Given the application's role, with the grants it is deployed with
    for table, column in _tables(read_models, es_env):
        # When it tries to rewrite history, then PostgreSQL refuses (no such privilege)
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            _as(read_models, app_role, sql.SQL(rewrite).format(t=table, c=column))


@pytest.mark.parametrize("rewrite", REWRITES)
def test_the_trigger_refuses_when_a_role_was_wrongly_granted_update_delete_and_truncate(
    read_models: ReadModels,
    es_env: dict[str, str],
    app_role: str,
    rewrite: str,
) -> None:
    # Given someone granted the application's role every privilege on the tables by mistake
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
        for table, _ in _tables(read_models, es_env):
            conn.execute(sql.SQL("GRANT ALL ON {} TO {}").format(table, sql.Identifier(app_role)))

    for table, column in _tables(read_models, es_env):
        # When it tries to rewrite history, then the insert-only trigger refuses
        with pytest.raises(errors.InsufficientPrivilege, match="insert-only"):
            _as(read_models, app_role, sql.SQL(rewrite).format(t=table, c=column))


def test_the_app_role_can_append_events_and_read_the_trail_when_granted(
    read_models: ReadModels,
    es_env: dict[str, str],
    app_role: str,
) -> None:
    # Given the application's role, when it appends an event and reads the trail, then both work
    events = sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")
    _as(
        read_models,
        app_role,
        sql.SQL(
            "INSERT INTO {t} (originator_id, originator_version, topic, state, notification_id)"
            " SELECT gen_random_uuid(), 1, topic, state, notification_id - 1 FROM {t}"
            " ORDER BY notification_id LIMIT 1"
        ).format(t=events),
    )
    _as(read_models, app_role, sql.SQL("SELECT count(*) FROM {}").format(audit_tables(read_models)["trail"]))
