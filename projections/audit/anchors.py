"""Digests of the audit chain anchored on Starknet, as the anchoring job records them.

The anchoring job owns table ``<audit schema>.anchors`` (docs/audit.md "Anchors"); this
module only reads it, column by column as they exist, and answers nothing while it
does not exist yet.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psycopg import Connection, sql

from projections.runtime.base import Tables

ANCHORS = "anchors"
_ORDER = ("last_position", "first_position")


def anchors(conn: Connection[Any], tables: Tables, limit: int = 100) -> list[dict[str, Any]]:
    """The newest ``limit`` anchors, newest first; [] while the anchoring job has no table."""
    columns = [
        name
        for (name,) in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s"
            " ORDER BY ordinal_position",
            (tables.schema, tables.physical(ANCHORS)),
        ).fetchall()
    ]
    if not columns:
        return []
    order = [sql.SQL("{} DESC").format(sql.Identifier(c)) for c in _ORDER if c in columns]
    query = sql.SQL("SELECT {} FROM {}{} LIMIT %s").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        tables[ANCHORS],
        sql.SQL(" ORDER BY ") + sql.SQL(", ").join(order) if order else sql.SQL(""),
    )
    return [
        {name: _plain(value) for name, value in zip(columns, row, strict=True)}
        for row in conn.execute(query, (limit,)).fetchall()
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return "0x" + bytes(value).hex()
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, int | float | str | bool | dict | list) or value is None:
        return value
    return str(value)
