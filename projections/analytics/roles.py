"""The read-only ``analyst`` PostgreSQL role: SELECT on the analytics schema, nothing else.

``ensure_analyst_role`` is idempotent (run it at every deploy): it creates the role
if missing and then resets everything about it, so a role someone widened by hand
is narrowed back. Roles are cluster-wide; the grants are per database (the one
``conn`` is connected to). Run it as the role that owns the analytics tables (the
projection worker's user), or name that owner in ``table_owner``: default
privileges only cover tables that role creates, and a rebuild creates new tables.

Password: ``None`` makes the role NOLOGIN (humans get it through membership,
``GRANT analyst TO alice``, then ``SET ROLE analyst``). With a password the role
can log in; the password travels as a literal in an ``ALTER ROLE`` statement,
which the server hashes (``password_encryption``) but may write to its log if
``log_statement`` is ``ddl`` or ``all``: prefer NOLOGIN plus ``\\password`` in psql.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import Connection, sql

from projections.analytics.projection import ANALYTICS_SCHEMA

ANALYST_ROLE = "analyst"
DEFAULT_STATEMENT_TIMEOUT = "60s"  # an analyst's runaway query must not hog the event store's cluster
_ROLE_LOCK = 7_240_007  # advisory lock: two deploys creating the role at once


def ensure_analyst_role(
    conn: Connection[Any],
    analytics_schema: str = ANALYTICS_SCHEMA,
    *,
    role: str = ANALYST_ROLE,
    password: str | None = None,
    deny_schemas: Sequence[str] = (),
    table_owner: str | None = None,
    statement_timeout: str = DEFAULT_STATEMENT_TIMEOUT,
) -> None:
    """Create or reset ``role``: USAGE and SELECT on ``analytics_schema`` (today's and future
    tables), every privilege revoked on ``deny_schemas`` (pass the event store's and the other
    read models' schemas), no role memberships, read-only sessions. One transaction."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_ROLE_LOCK,))
        name = sql.Identifier(role)
        if cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            cur.execute(sql.SQL("CREATE ROLE {}").format(name))
        for statement in _role_attributes(name, conn.info.dbname, password, statement_timeout):
            cur.execute(statement)
        _drop_memberships(cur, role)
        for statement in _analytics_grants(name, analytics_schema, table_owner):
            cur.execute(statement)
        for schema in deny_schemas:
            if schema != analytics_schema and _schema_exists(cur, schema):
                for statement in _denials(name, schema):
                    cur.execute(statement)


def _role_attributes(
    name: sql.Identifier, database: str, password: str | None, statement_timeout: str
) -> list[sql.Composed]:
    login = sql.SQL("LOGIN PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("NOLOGIN PASSWORD NULL")
    return [
        sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS {}").format(name, login),
        sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(name),
        sql.SQL("ALTER ROLE {} SET statement_timeout = {}").format(name, sql.Literal(statement_timeout)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name),
    ]


def _drop_memberships(cur: Any, role: str) -> None:
    """No inherited privileges: not a member of any role (pg_read_all_data above all)."""
    granted = cur.execute(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
        " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s",
        (role,),
    ).fetchall()
    for (group,) in granted:
        cur.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(role)))


def _analytics_grants(name: sql.Identifier, schema: str, table_owner: str | None) -> list[sql.Composed]:
    target = sql.Identifier(schema)
    owner = sql.SQL("FOR ROLE {} ").format(sql.Identifier(table_owner)) if table_owner else sql.SQL("")
    return [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(target),
        sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(target, name),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(target, name),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(target, name),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(target, name),
        sql.SQL("ALTER DEFAULT PRIVILEGES {}IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(owner, target, name),
    ]


def _denials(name: sql.Identifier, schema: str) -> list[sql.Composed]:
    target = sql.Identifier(schema)
    return [
        sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(target, name),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(target, name),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(target, name),
        sql.SQL("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {} FROM {}").format(target, name),
    ]


def _schema_exists(cur: Any, schema: str) -> bool:
    return cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone() is not None
