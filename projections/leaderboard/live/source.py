"""What the mirror reads from PostgreSQL: the leaderboard's rows as of its tracking position.

Every read of one sync runs in one REPEATABLE READ snapshot, together with the
projection's tracking position: the rows are exactly those of the log prefix up to
that position, so the mirror never trusts a row from a later, uncommitted step.
Rows changed after position W are those with ``changed_position > W``: a row is
never deleted (a user who stops being ranked keeps a row with ``samples = 0``), and
a member who leaves keeps a row with ``clan_id`` NULL, so every change is seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import tuple_row

from projections.leaderboard.boards import Board, Metric, Window
from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.statements import MEMBERS, SCORES
from projections.runtime.base import Tables
from projections.runtime.config import ReadModels


@dataclass(frozen=True)
class Row:
    """One user's entry on one global board, with the clan they are in now."""

    board: Board
    user_id: UUID
    value: Decimal
    samples: int
    reached_position: int
    clan_id: UUID | None

    @property
    def ranked(self) -> bool:
        return self.samples > 0


@dataclass(frozen=True)
class Covered:
    """The oldest day and week buckets the mirror keeps (older ones are never asked for)."""

    day: date
    week: date


_SELECT = """SELECT s.metric, s.period, s.bucket, s.user_id, s.value, s.samples, s.reached_position, m.clan_id
FROM {scores} s LEFT JOIN {members} m ON m.user_id = s.user_id
WHERE (s.period = 'all' OR (s.period = 'day' AND s.bucket >= %(day)s) OR (s.period = 'week' AND s.bucket >= %(week)s))
"""


class Source:
    """The leaderboard tables of one read-model schema, read for the mirror."""

    def __init__(self, read_models: ReadModels) -> None:
        tables: Tables = read_models.tables_for(LeaderboardProjection)
        names = {"scores": tables[SCORES], "members": tables[MEMBERS]}
        self._select = sql.SQL(_SELECT).format(**names)
        self._members = sql.SQL("SELECT user_id, clan_id FROM {members} WHERE ").format(**names)
        self._position = sql.SQL("SELECT position FROM {} WHERE name = %s").format(read_models.tracking)

    def position(self, conn: Connection[Any]) -> int:
        row = conn.execute(self._position, (LeaderboardProjection.name,)).fetchone()
        return int(row[0]) if row else 0

    def ranked(self, conn: Connection[Any], covered: Covered) -> Iterator[Row]:
        """Every ranked entry of the covered buckets (streamed: a full rebuild reads them all)."""
        yield from self._rows(conn, sql.SQL("AND s.samples > 0"), covered, {})

    def changed(self, conn: Connection[Any], covered: Covered, after: int) -> list[Row]:
        """Entries of the covered buckets changed after position ``after`` (ranked or not any more)."""
        return list(self._rows(conn, sql.SQL("AND s.changed_position > %(after)s"), covered, {"after": after}))

    def of_users(self, conn: Connection[Any], covered: Covered, users: list[UUID]) -> list[Row]:
        return list(self._rows(conn, sql.SQL("AND s.user_id = ANY(%(users)s)"), covered, {"users": users}))

    def memberships(self, conn: Connection[Any], after: int | None = None) -> dict[UUID, UUID | None]:
        """Clan of each member changed after ``after`` (None: every current member)."""
        where = sql.SQL("clan_id IS NOT NULL") if after is None else sql.SQL("changed_position > %s")
        with conn.cursor(row_factory=tuple_row) as cur:
            return dict(cur.execute(self._members + where, () if after is None else (after,)).fetchall())

    def _rows(
        self, conn: Connection[Any], where: sql.Composable, covered: Covered, params: dict[str, Any]
    ) -> Iterator[Row]:
        query = self._select + where
        with conn.cursor(name="live-mirror", row_factory=tuple_row) as cur:  # server-side: constant memory
            cur.itersize = 5_000
            cur.execute(query, {"day": covered.day, "week": covered.week, **params})
            for metric, period, bucket, user_id, value, samples, reached, clan_id in cur:
                board = Board(Metric(metric), Window(period), bucket)
                yield Row(board, user_id, value, samples, reached, clan_id)
