"""The anchors view: the read of the anchors in log order (the projection runs the writes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psycopg import Connection

from projections.anchors.statements import COLUMNS, SQL
from projections.runtime.base import Tables


def anchors(conn: Connection[Any], tables: Tables, limit: int = 100, after: int | None = None) -> list[dict[str, Any]]:
    """Anchors in log order (by last position), those ending after position ``after``, at most ``limit``.

    Page with ``after`` = the previous page's last ``last_position``; the anchor
    covering position p is the first of ``anchors(conn, tables, 1, after=p - 1)``."""
    rows = conn.execute(SQL.render(tables).page, (after if after is not None else -1, limit)).fetchall()
    return [{name: _plain(value) for name, value in zip(COLUMNS, row, strict=True)} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, int | str | bool) or value is None:
        return value
    return str(value)  # uuid
