"""The notifications tables: DDL, one idempotent statement per event, and the reads of one user's feed.

``notification_parties`` remembers whom an aggregate concerns (a position's owner, a challenge's
two users, a settlement's withdrawer), so a later event that does not name its user (a
liquidation, a decision, a settlement's outcome) is addressed in SQL, one statement per event
(pipelined, no fetch). A notification's id is the log position of the event that caused it:
one user gets at most one notification per event, so ``(user_id, position)`` is unique, the
feed's order is the log's, and ``Last-Event-ID`` resumes exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql
from psycopg.rows import tuple_row
from psycopg.types.json import Jsonb

from projections.runtime.base import Tables

NOTIFICATIONS, PARTIES = "notifications", "notification_parties"
TABLES = (NOTIFICATIONS, PARTIES)

_DDL = (
    """CREATE TABLE IF NOT EXISTS {notifications} (
        user_id uuid NOT NULL,
        position bigint NOT NULL,
        kind text NOT NULL,
        data jsonb NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (user_id, position))""",
    """CREATE TABLE IF NOT EXISTS {parties} (
        aggregate_id uuid NOT NULL,
        user_id uuid NOT NULL,
        ref uuid,
        PRIMARY KEY (aggregate_id, user_id))""",
)
_REMEMBER = """INSERT INTO {parties} (aggregate_id, user_id, ref) VALUES (%(aggregate_id)s, %(user_id)s, %(ref)s)
ON CONFLICT (aggregate_id, user_id) DO NOTHING"""
_NOTIFY = """INSERT INTO {notifications} (user_id, position, kind, data, at)
VALUES (%(user_id)s, %(pos)s, %(kind)s, %(data)s, %(at)s) ON CONFLICT (user_id, position) DO NOTHING"""
# Every party of the aggregate; ``ref`` (a settlement's withdrawal) joins the data as ``ref_name``.
_NOTIFY_PARTIES = """INSERT INTO {notifications} (user_id, position, kind, data, at)
SELECT user_id, %(pos)s, %(kind)s,
    %(data)s || CASE WHEN %(ref_name)s::text IS NULL THEN '{{}}'::jsonb
                     ELSE jsonb_build_object(%(ref_name)s::text, ref) END,
    %(at)s
FROM {parties} WHERE aggregate_id = %(aggregate_id)s
ON CONFLICT (user_id, position) DO NOTHING"""
_COLUMNS = "SELECT position, kind, data, at FROM {notifications} WHERE user_id = %(me)s"
_NEWEST = _COLUMNS + " AND position < %(before)s ORDER BY position DESC LIMIT %(limit)s"
_AFTER = _COLUMNS + " AND position > %(after)s ORDER BY position LIMIT %(limit)s"


def _sql(template: str, tables: Tables) -> sql.Composed:
    return sql.SQL(template).format(notifications=tables[NOTIFICATIONS], parties=tables[PARTIES])


@dataclass(frozen=True)
class Notification:
    position: int
    kind: str
    data: dict[str, Any]
    at: datetime


class NotificationsView:
    """Owns ``notifications`` and ``notification_parties``."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in _DDL]

    def remember(
        self, cur: Cursor[Any], t: Tables, *, aggregate_id: UUID, user_id: UUID, ref: UUID | None = None
    ) -> None:
        cur.execute(_sql(_REMEMBER, t), {"aggregate_id": aggregate_id, "user_id": user_id, "ref": ref})

    def notify(
        self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, user_id: UUID, kind: str, data: dict[str, Any]
    ) -> None:
        cur.execute(_sql(_NOTIFY, t), {"pos": pos, "at": at, "user_id": user_id, "kind": kind, "data": Jsonb(data)})

    def notify_parties(
        self,
        cur: Cursor[Any],
        t: Tables,
        *,
        pos: int,
        at: datetime,
        aggregate_id: UUID,
        kind: str,
        data: dict[str, Any],
        ref_name: str | None = None,
    ) -> None:
        cur.execute(
            _sql(_NOTIFY_PARTIES, t),
            {
                "pos": pos,
                "at": at,
                "aggregate_id": aggregate_id,
                "kind": kind,
                "data": Jsonb(data),
                "ref_name": ref_name,
            },
        )

    def newest(self, conn: Connection[Any], t: Tables, user_id: UUID, before: int, limit: int) -> list[Notification]:
        """The user's notifications older than position ``before``, newest first."""
        return self._read(conn, _sql(_NEWEST, t), {"me": user_id, "before": before, "limit": limit})

    def after(self, conn: Connection[Any], t: Tables, user_id: UUID, after: int, limit: int) -> list[Notification]:
        """The user's notifications after position ``after``, oldest first (what a stream sends next)."""
        return self._read(conn, _sql(_AFTER, t), {"me": user_id, "after": after, "limit": limit})

    @staticmethod
    def _read(conn: Connection[Any], statement: sql.Composed, params: dict[str, Any]) -> list[Notification]:
        with conn.cursor(row_factory=tuple_row) as cur:
            return [Notification(*row) for row in cur.execute(statement, params).fetchall()]
