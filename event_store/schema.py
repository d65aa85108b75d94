"""Explicit migrations: create the database, schema and tables once, at start-up;
make the events table insert-only, and create the personal-data keys table.

Processes never create tables as a side effect of starting (eventsourcing's
``CREATE_TABLE`` is off); ``migrate`` runs under an advisory lock so two
``astratrade up`` on one database cannot race.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from event_store import access, pii
from event_store.application import EventStore

_MIGRATION_LOCK = 7_240_001  # advisory lock key reserved for migrations
EVENTS_TABLE = "astratrade_events"
GUARD_FUNCTION = "reject_rewrite"
_GUARD_BODY = """CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION '%.% is insert-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$"""


def ensure_database(env: dict[str, str]) -> None:
    """Create the configured database if it does not exist yet."""
    dbname = env["POSTGRES_DBNAME"]
    with psycopg.connect(_conninfo(env, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def migrate(env: dict[str, str]) -> None:
    """Create the schema and the event store's tables (idempotent)."""
    with psycopg.connect(_conninfo(env, env["POSTGRES_DBNAME"]), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(env["POSTGRES_SCHEMA"])))
            app = EventStore(env={**env, "CREATE_TABLE": "y", "POSTGRES_POOL_SIZE": "1"})
            try:
                missing_access = _absent(conn, env["POSTGRES_SCHEMA"], access.USERS_TABLE)
                _protect(conn, env["POSTGRES_SCHEMA"])
                if missing_access:  # a log older than the access tables: derive them from it, once
                    access.backfill(conn, env["POSTGRES_SCHEMA"], EVENTS_TABLE, app.repository.get)
            finally:
                app.close()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))


def insert_only(schema: str, table: str) -> list[sql.Composed]:
    """DDL making ``schema.table`` insert-only: UPDATE, DELETE and TRUNCATE are refused to
    every role but a superuser (who can switch any trigger off anyway, with
    ``session_replication_role``). Give the application a non-superuser role
    (``grant_app_role``): then no code path of it can rewrite history."""
    guard = sql.Identifier(schema, GUARD_FUNCTION)
    return [
        sql.SQL(_GUARD_BODY).format(guard),
        sql.SQL("CREATE OR REPLACE TRIGGER {} BEFORE UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION {}()").format(
            sql.Identifier(f"{table}_insert_only"), sql.Identifier(schema, table), guard
        ),
        sql.SQL("CREATE OR REPLACE TRIGGER {} BEFORE TRUNCATE ON {} FOR EACH STATEMENT EXECUTE FUNCTION {}()").format(
            sql.Identifier(f"{table}_no_truncate"), sql.Identifier(schema, table), guard
        ),
    ]


def grant_app_role(conn: psycopg.Connection[Any], schema: str, role: str) -> None:
    """What the application's (non-owner, non-superuser) role may do on the event store:
    read and append events, keep idempotency records and snapshots, create and destroy
    personal-data keys; never rewrite an event."""
    target, who = sql.Identifier(schema), sql.Identifier(role)
    for statement in (
        "GRANT USAGE ON SCHEMA {s} TO {r}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        "GRANT SELECT, INSERT ON {s}.astratrade_events, {s}.idempotency_keys, {s}.astratrade_snapshots TO {r}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.pii_keys TO {r}",
        "GRANT SELECT, INSERT, UPDATE ON {s}.access_users, {s}.access_ended_logins, {s}.access_api_keys TO {r}",
    ):
        conn.execute(sql.SQL(statement).format(s=target, r=who))


def _protect(conn: psycopg.Connection[Any], schema: str) -> None:
    conn.execute(pii.create_table(schema))
    for statement in access.create_tables(schema):
        conn.execute(statement)
    for statement in insert_only(schema, EVENTS_TABLE):
        conn.execute(statement)


def _absent(conn: psycopg.Connection[Any], schema: str, table: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NULL", (f'"{schema}"."{table}"',)).fetchone() == (True,)


def _conninfo(env: dict[str, str], dbname: str) -> str:
    info = {"dbname": dbname, "host": env["POSTGRES_HOST"], "port": env["POSTGRES_PORT"], "user": env["POSTGRES_USER"]}
    if env.get("POSTGRES_PASSWORD"):
        info["password"] = env["POSTGRES_PASSWORD"]
    return psycopg.conninfo.make_conninfo(**info)
