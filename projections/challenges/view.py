"""The challenges view: the projection's writes and the query API's read.

Writes run on the runtime's cursor (not pipelined: an update that finds no challenge
row checks why); the read runs on the caller's connection, so the caller picks the
snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor
from psycopg.rows import tuple_row
from psycopg.sql import Composable

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

    def ddl(self, tables: Tables) -> list[Composable]:
        return list(self.sql(tables).ddl)

    def offer(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, challenge_id: UUID,
              challenger_id: UUID, opponent_id: UUID, hours: int) -> None:
        cur.execute(self.sql(t).offer, {"pos": pos, "at": at, "challenge_id": challenge_id, "hours": hours,
                                        "challenger_id": challenger_id, "opponent_id": opponent_id,
                                        "status": Status.OFFERED.value})

    def accept(self, cur: Cursor[Any], t: Tables, *, pos: int, challenge_id: UUID, starts_at: datetime,
               ends_at: datetime) -> None:
        self._update(cur, t, self.sql(t).accept, {"pos": pos, "challenge_id": challenge_id, "starts_at": starts_at,
                                                  "ends_at": ends_at, "status": Status.ACCEPTED.value})

    def count_close(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, challenge_id: UUID,
                    user_id: UUID, position_id: UUID, net_pnl: Decimal) -> None:
        """A close the scoring policy counted for ``user_id``: listed once, added to their side once."""
        params = {"pos": pos, "at": at, "challenge_id": challenge_id, "user_id": user_id,
                  "position_id": position_id, "net_pnl": net_pnl}
        self._update(cur, t, self.sql(t).add_pnl, params)  # first: it refuses a challenge never offered
        cur.execute(self.sql(t).count_close, params)

    def end(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, challenge_id: UUID) -> None:
        self._update(cur, t, self.sql(t).end, {"pos": pos, "at": at, "challenge_id": challenge_id,
                                               "status": Status.ENDED.value})

    def decide(self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, challenge_id: UUID,
               winner_id: UUID | None, challenger_pnl: Decimal, opponent_pnl: Decimal) -> None:
        self._update(cur, t, self.sql(t).decide, {"pos": pos, "at": at, "challenge_id": challenge_id,
                                                  "winner_id": winner_id, "challenger_pnl": challenger_pnl,
                                                  "opponent_pnl": opponent_pnl, "status": Status.DECIDED.value})

    def close_offer(self, cur: Cursor[Any], t: Tables, *, pos: int, challenge_id: UUID, status: Status) -> None:
        """The offer was declined or expired: no window will follow."""
        self._update(cur, t, self.sql(t).close_offer, {"pos": pos, "challenge_id": challenge_id,
                                                       "status": status.value})

    def _update(self, cur: Cursor[Any], t: Tables, statement: Any, params: dict[str, Any]) -> None:
        """Run an update guarded by ``last_event_position``; no row at all means the challenge's
        Offered event never reached this model (parked): fail loudly, so this event is parked too
        rather than half-applied (a close listed but not summed)."""
        cur.execute(statement, params)
        if cur.rowcount == 0 and cur.execute(self.sql(t).exists, params).fetchone() is None:
            raise LookupError(f"challenge {params['challenge_id']} is not in the read model (its offer is missing)")

    def standing(self, conn: Connection[Any], tables: Tables, challenge_id: UUID) -> Standing | None:
        """The challenge, or None when the read model has never seen it."""
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(self.sql(tables).read, (challenge_id,)).fetchone()
        return None if row is None else _standing(row)

    def mine(self, conn: Connection[Any], tables: Tables, user_id: UUID, status: Status | None, limit: int
             ) -> list[Standing]:
        """The user's challenges (either side), newest offer first, of ``status`` if given."""
        with conn.cursor(row_factory=tuple_row) as cur:
            rows = cur.execute(self.sql(tables).mine, {"me": user_id, "limit": limit,
                                                       "status": status.value if status else None}).fetchall()
        return [_standing(row) for row in rows]


def _standing(row: tuple[Any, ...]) -> Standing:
    (cid, challenger, opponent, hours, status, offered_at, starts_at, ends_at, decided_at,
     challenger_pnl, opponent_pnl, challenger_closes, opponent_closes, winner_id) = row
    return Standing(cid, Status(status), hours, offered_at, starts_at, ends_at, decided_at,
                    Side(challenger, challenger_pnl, challenger_closes),
                    Side(opponent, opponent_pnl, opponent_closes), winner_id)
