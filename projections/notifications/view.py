"""The notifications view: the reads of one user's feed (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import tuple_row

from projections.notifications import statements
from projections.runtime.base import Tables


@dataclass(frozen=True)
class Notification:
    position: int
    kind: str
    data: dict[str, Any]
    at: datetime


class NotificationsView:
    """A user's notifications, newest first or after a position."""

    def newest(self, conn: Connection[Any], t: Tables, user_id: UUID, before: int, limit: int) -> list[Notification]:
        """The user's notifications older than position ``before``, newest first."""
        return self._read(conn, statements.SQL.render(t).newest, {"me": user_id, "before": before, "limit": limit})

    def after(self, conn: Connection[Any], t: Tables, user_id: UUID, after: int, limit: int) -> list[Notification]:
        """The user's notifications after position ``after``, oldest first (what a stream sends next)."""
        return self._read(conn, statements.SQL.render(t).after, {"me": user_id, "after": after, "limit": limit})

    @staticmethod
    def _read(conn: Connection[Any], statement: str, params: dict[str, Any]) -> list[Notification]:
        with conn.cursor(row_factory=tuple_row) as cur:
            return [Notification(*row) for row in cur.execute(statement, params).fetchall()]
