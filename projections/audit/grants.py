"""What the application's role may do on the audit trail: read it and append to it, nothing else.

Run as the tables' owner at deploy time, beside ``event_store.schema.grant_app_role``.
The insert-only triggers stop UPDATE, DELETE and TRUNCATE even if someone grants them.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection, sql

from projections.audit.statements import TABLES
from projections.runtime.base import Tables


def grant_app_role(conn: Connection[Any], tables: Tables, role: str) -> None:
    """USAGE on the audit schema, SELECT and INSERT on its tables; every other privilege revoked."""
    who = sql.Identifier(role)
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(tables.schema), who))
    for logical in TABLES:
        conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(tables[logical], who))
        conn.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(tables[logical], who))
