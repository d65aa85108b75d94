"""The caller's API keys, from the access table the command side writes with its events.

Not a read model: ``access_api_keys`` commits in the transaction of the events that
issue and revoke keys (event_store/access.py), so it never lags the log; any
``min_position`` a command answered is already reached when its answer arrives.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

KEYS_TABLE = "access_api_keys"  # event_store.access.KEYS_TABLE (the query API does not import the write side)


def list_api_keys(pool: ConnectionPool[Any], schema: str, owner_id: UUID) -> list[dict[str, Any]]:
    """The owner's keys not revoked, newest first; never the key nor its hash."""
    query = sql.SQL(
        "SELECT api_key_id, name, scopes, created_at, expires_at FROM {} "
        "WHERE owner_id = %s AND NOT revoked ORDER BY created_at DESC, api_key_id"
    ).format(sql.Identifier(schema, KEYS_TABLE))
    with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(query, (owner_id,))
        return [
            {
                "api_key_id": str(r["api_key_id"]),
                "name": r["name"],
                "scopes": list(r["scopes"]),
                "created_at": r["created_at"].isoformat(),
                "expires_at": r["expires_at"].isoformat() if r["expires_at"] else None,
            }
            for r in cursor.fetchall()
        ]
