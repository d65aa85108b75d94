"""The application's PostgreSQL role, created and granted by ``migrate`` (docs/operations.md).

The owner (``DATABASE_URL``'s user) keeps the event store and the audit trail;
the application's role (``APP_DATABASE_ROLE``, default ``astratrade_app``: LOGIN,
no superuser, no CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS) gets:

- on the event store, what ``event_store.schema.grant_app_role`` gives: read and
  append events, never rewrite one (and the insert-only trigger refuses it anyway);
- on the audit trail, SELECT and INSERT only (``projections.audit.grants``);
- every other read-model table as its owner, and CREATE on the read-model schemas,
  because workers rebuild their models (new tables, renamed into place).

Idempotent: run at every ``migrate``; tables a new release created as the owner
are handed over, a role someone widened by hand is narrowed back.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors, sql

from event_store.schema import grant_app_role as grant_event_store
from projections.audit.grants import grant_app_role as grant_audit
from projections.audit.projection import AuditProjection
from projections.audit.statements import TABLES as AUDIT_TABLES
from projections.runtime import ReadModels

_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
_HANDED_OVER = """SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> %s"""
_ROLE_LOCK = 7_240_008  # advisory lock key (event_store.schema holds 7_240_001, the read models 7_240_002)
_ALTER = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}


def ensure_app_role(
    conn: psycopg.Connection[Any],
    role: str,
    password: str | None,
    *,
    events_schema: str,
    read_models: ReadModels,
    schemas: list[str],
    reset_password: bool = False,
) -> None:
    """Create (or narrow back) ``role`` and grant it the event store, the audit trail and the read models
    in ``schemas`` (the read-model schema and the projections' own). ``conn`` is the owner's, autocommit.
    The password is set when the role is created, or every time with ``reset_password``."""
    audit = read_models.tables_for(AuditProjection)
    kept = {(audit.schema, audit.physical(logical)) for logical in AUDIT_TABLES}
    # One transaction: running processes never see the moment between a REVOKE and its GRANT.
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ROLE_LOCK,))  # two migrates granting at once
        _create_role(conn, role, password, reset_password)
        grant_event_store(conn, events_schema, role)
        for schema in dict.fromkeys(schemas):
            conn.execute(
                sql.SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(sql.Identifier(schema), sql.Identifier(role))
            )
            for name, kind in conn.execute(_HANDED_OVER, (schema, role)).fetchall():
                if (schema, name) not in kept:
                    conn.execute(
                        sql.SQL("ALTER {} {} OWNER TO {}").format(
                            sql.SQL(_ALTER[kind]), sql.Identifier(schema, name), sql.Identifier(role)
                        )
                    )
        grant_audit(conn, audit, role)


def _create_role(conn: psycopg.Connection[Any], role: str, password: str | None, reset_password: bool) -> None:
    who = sql.Identifier(role)
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if not exists:
        try:
            with conn.transaction():  # a savepoint: losing the race must not abort the migration
                conn.execute(sql.SQL("CREATE ROLE {} " + _ATTRIBUTES).format(who))
        except (errors.DuplicateObject, errors.UniqueViolation):
            pass  # another migrate (of another database on this cluster) created it meanwhile
    else:
        widened = conn.execute(
            "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls"
            " OR NOT rolcanlogin FROM pg_roles WHERE rolname = %s",
            (role,),
        ).fetchone()
        if widened and widened[0]:
            conn.execute(sql.SQL("ALTER ROLE {} " + _ATTRIBUTES).format(who))
    if password and (reset_password or not exists):
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(who, sql.Literal(password)))
    superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    if not (superuser and superuser[0]):
        # An owner that is not a superuser (a managed server's admin) must be a member to hand tables over.
        conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(who))
