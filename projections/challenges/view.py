"""The challenges view: the query API's reads (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import tuple_row

from aggregates.social.challenge import Status
from projections.challenges import statements
from projections.runtime.base import Tables
from projections.runtime.statements import Rendered


@dataclass(frozen=True)
class Side:
    """One of the two: the net realized P&L of their closes counted so far, and how many."""

    user_id: UUID
    realized_pnl: Decimal
    closes: int


@dataclass(frozen=True)
class Standing:
    """A challenge as the read model holds it."""

    challenge_id: UUID
    status: Status
    hours: int
    offered_at: datetime
    starts_at: datetime | None
    ends_at: datetime | None
    decided_at: datetime | None
    challenger: Side
    opponent: Side
    winner_id: UUID | None  # None until decided, and after a tie

    def involves(self, user_id: UUID) -> bool:
        return user_id in (self.challenger.user_id, self.opponent.user_id)


class ChallengesView:
    """Owns ``challenges`` and ``challenge_closes``."""

    TABLES = statements.TABLES

    def sql(self, tables: Tables) -> Rendered:
        return statements.SQL.render(tables)

    def standing(self, conn: Connection[Any], tables: Tables, challenge_id: UUID) -> Standing | None:
        """The challenge, or None when the read model has never seen it."""
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(self.sql(tables).read, (challenge_id,)).fetchone()
        return None if row is None else _standing(row)

    def mine(
        self, conn: Connection[Any], tables: Tables, user_id: UUID, status: Status | None, limit: int
    ) -> list[Standing]:
        """The user's challenges (either side), newest offer first, of ``status`` if given."""
        with conn.cursor(row_factory=tuple_row) as cur:
            rows = cur.execute(
                self.sql(tables).mine, {"me": user_id, "limit": limit, "status": status.value if status else None}
            ).fetchall()
        return [_standing(row) for row in rows]


def _standing(row: tuple[Any, ...]) -> Standing:
    (
        cid,
        challenger,
        opponent,
        hours,
        status,
        offered_at,
        starts_at,
        ends_at,
        decided_at,
        challenger_pnl,
        opponent_pnl,
        challenger_closes,
        opponent_closes,
        winner_id,
    ) = row
    return Standing(
        cid,
        Status(status),
        hours,
        offered_at,
        starts_at,
        ends_at,
        decided_at,
        Side(challenger, challenger_pnl, challenger_closes),
        Side(opponent, opponent_pnl, opponent_closes),
        winner_id,
    )
