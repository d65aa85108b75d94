"""The access tables of a log written before they existed are derived from it by ``migrate``."""

from __future__ import annotations

from uuid import UUID

import psycopg
from psycopg import sql

from aggregates.user.roles import Role
from event_store.application import EventStore
from event_store.metadata import CommandContext
from event_store.schema import migrate
from services.api_keys import ApiKeyService
from services.sessions import SessionService
from services.users import UserService
from tests.support import conninfo


def test_migrate_derives_the_access_tables_when_the_log_predates_them(
    es_env: dict[str, str], store: EventStore, users: UserService
) -> None:
    # Given a log with an analyst, an ended login and an API key, and no access tables (dropped: an old database)
    ctx = CommandContext(actor="test", correlation_id="backfill")
    alice = UUID(users.register("alice", "alice@example.com", "pw-1234567890", ctx).body["user_id"])
    users.grant_role(alice, Role.ANALYST, ctx)
    sessions = SessionService(users.runner, 3600)
    login = sessions.start(users.get_user(alice), ctx)
    sessions.logout(alice, login.login_id, ctx)
    key = ApiKeyService(users.runner).issue(alice, "bot", ["read"], None, ctx).result.body["api_key_id"]
    schema = es_env["POSTGRES_SCHEMA"]
    with psycopg.connect(conninfo(es_env), autocommit=True) as conn:
        for table in ("access_users", "access_ended_logins", "access_api_keys"):
            conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(schema, table)))

    # When the schema is migrated
    migrate(es_env)

    # Then the rows are back, as the events say
    with psycopg.connect(conninfo(es_env)) as conn:
        user = conn.execute(
            sql.SQL("SELECT generation, roles, erased FROM {}").format(sql.Identifier(schema, "access_users"))
        ).fetchall()
        logins = conn.execute(
            sql.SQL("SELECT login_id, reason FROM {}").format(sql.Identifier(schema, "access_ended_logins"))
        ).fetchall()
        keys = conn.execute(
            sql.SQL("SELECT api_key_id::text, scopes, revoked FROM {}").format(
                sql.Identifier(schema, "access_api_keys")
            )
        ).fetchall()
    assert user == [(1, ["trader", "analyst"], False)]
    assert logins == [(login.login_id, "logout")]
    assert keys == [(key, ["read"], False)]
