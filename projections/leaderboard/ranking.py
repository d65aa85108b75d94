"""Reading the boards from PostgreSQL: pages in rank order, one user's rank with neighbours.

The order is ``value DESC, reached_position ASC, user_id ASC`` (whoever reached a
value first ranks higher), which is the ``scores_rank_idx`` index read forwards as
``(-value, reached_position, user_id)``: a page after a cursor is a range scan of
``limit`` entries, a rank is an index-only count of the entries ahead. Clan boards
rank the clan's members of the moment (``leaderboard_members``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import tuple_row

from projections.leaderboard.boards import ALL_BUCKET, Board, Ranked
from projections.leaderboard.statements import ACCOUNTS, MEMBERS, POSITIONS, SCORES
from projections.runtime.base import Tables

_KEY = sql.SQL("(-s.value, s.reached_position, s.user_id)")
_AT = sql.SQL("(-%(value)s::numeric, %(reached)s::bigint, %(user_id)s::uuid)")
_BOARD = sql.SQL("s.metric = %(metric)s AND s.period = %(period)s AND s.bucket = %(bucket)s AND s.samples > 0")


@dataclass(frozen=True)
class Standing:
    """A user's entry and up to ``n`` entries on each side of it, in rank order."""

    entry: Ranked
    neighbours: list[Ranked]


class Ranking:
    """The PostgreSQL reads of the boards in one read-model schema."""

    def __init__(self, tables: Tables) -> None:
        self.scores, self.members, self.accounts = tables[SCORES], tables[MEMBERS], tables[ACCOUNTS]
        self._verdicts = sql.SQL(
            "SELECT (SELECT count(*) FROM {p} WHERE judged_position IS NULL AND closed_position IS NOT NULL"
            " AND closed_position <= %(n)s), (SELECT COALESCE(max(judged_position), 0) FROM {p}"
            " WHERE judged_position > %(n)s AND closed_position <= %(n)s)"
        ).format(p=tables[POSITIONS])

    def page(self, conn: Connection[Any], board: Board, limit: int, after: Ranked | None = None) -> list[Ranked]:
        """Up to ``limit`` entries in rank order, after ``after`` (a keyset cursor) when given."""
        where = sql.SQL(" AND {} > {}").format(_KEY, _AT) if after else sql.SQL("")
        rows = self._select(conn, board, where, direction=sql.SQL("ASC"), limit=limit, at=after)
        first = after.rank + 1 if after else 1
        return [Ranked(first + i, *row) for i, row in enumerate(rows)]

    def standing(self, conn: Connection[Any], board: Board, user_id: UUID, n: int) -> Standing | None:
        """The user's rank and value with ``n`` neighbours each side; None when not ranked on ``board``."""
        query = sql.SQL("SELECT s.value, s.reached_position FROM {} s {} WHERE {} AND s.user_id = %(user_id)s").format(
            self.scores, self._clan(board), _BOARD
        )
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(query, {**_params(board), "user_id": user_id}).fetchone()
            if row is None:
                return None
            me = Ranked(0, user_id, row[0], row[1])
            ahead = sql.SQL("SELECT count(*) FROM {} s {} WHERE {} AND {} < {}").format(
                self.scores, self._clan(board), _BOARD, _KEY, _AT
            )
            counted = cur.execute(ahead, {**_params(board), **_cursor(me)}).fetchone()
        rank = 1 + int(counted[0] if counted else 0)
        me = Ranked(rank, user_id, me.value, me.reached_position)
        above = self._select(
            conn, board, sql.SQL(" AND {} < {}").format(_KEY, _AT), direction=sql.SQL("DESC"), limit=n, at=me
        )
        below = self.page(conn, board, n, me)
        ranked_above = [Ranked(rank - len(above) + i, *r) for i, r in enumerate(reversed(above))]
        return Standing(me, [*ranked_above, me, *below])

    def verdicts(self, conn: Connection[Any], upto: int) -> tuple[int, int]:
        """(closes at or before ``upto`` still awaiting the gamification verdict, the latest log position of
        a verdict given on one of them): how far read-your-writes must wait to see a close's XP and P&L."""
        row = conn.execute(self._verdicts, {"n": upto}).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def totals(self, conn: Connection[Any], users: list[UUID]) -> dict[UUID, tuple[Decimal, Decimal]]:
        """All-time booked net P&L and total deposits of each of ``users`` (those with a wallet)."""
        query = sql.SQL(
            "SELECT a.user_id, COALESCE(s.value, 0.00), a.deposits FROM {} a LEFT JOIN {} s"
            " ON s.metric = 'realized_pnl' AND s.period = 'all' AND s.bucket = %s AND s.user_id = a.user_id"
            " WHERE a.user_id = ANY(%s)"
        ).format(self.accounts, self.scores)
        with conn.cursor(row_factory=tuple_row) as cur:
            return {user: (pnl, deposits) for user, pnl, deposits in cur.execute(query, (ALL_BUCKET, users))}

    def _select(
        self,
        conn: Connection[Any],
        board: Board,
        where: sql.Composable,
        *,
        direction: sql.Composable,
        limit: int,
        at: Ranked | None,
    ) -> list[tuple[UUID, Decimal, int]]:
        query = sql.SQL(
            "SELECT s.user_id, s.value, s.reached_position FROM {} s {} WHERE {}{}"
            " ORDER BY -s.value {d}, s.reached_position {d}, s.user_id {d} LIMIT %(limit)s"
        ).format(self.scores, self._clan(board), _BOARD, where, d=direction)
        params = {**_params(board), **(_cursor(at) if at else {}), "limit": limit}
        with conn.cursor(row_factory=tuple_row) as cur:
            return cur.execute(query, params).fetchall()

    def _clan(self, board: Board) -> sql.Composable:
        if board.clan_id is None:
            return sql.SQL("")
        return sql.SQL("JOIN {} m ON m.user_id = s.user_id AND m.clan_id = %(clan_id)s").format(self.members)


def _params(board: Board) -> dict[str, Any]:
    return {
        "metric": board.metric.value,
        "period": board.window.value,
        "bucket": board.bucket,
        "clan_id": board.clan_id,
    }


def _cursor(at: Ranked) -> dict[str, Any]:
    return {"value": at.value, "reached": at.reached_position, "user_id": at.user_id}
