"""The progression policy's own index of recent opens, to spot hedged pairs (mirror trades).

A mirror trade: two friends or clan-mates open opposite sides of the same symbol
with the same quantity within ``MIRROR_WINDOW`` of each other, so whatever the
market does one of them books the other's loss as profit. The index lives in the
policy's transaction (its tracking row commits with it), keyed by position, so
a replayed event inserts nothing twice.
"""

from __future__ import annotations

from uuid import UUID

from psycopg import Cursor, sql

from aggregates.gamification.fairness import MIRROR_WINDOW
from aggregates.social.friendship import friendship_id
from aggregates.social.membership import Membership, membership_id
from aggregates.trading.position import Position
from event_store.application import EventStore
from event_store.log import LoggedEvent
from projections.runtime.base import Tables
from projections.runtime.statements import StatementSet

TABLE = "progression_opens"


SQL = StatementSet(
    tables=(TABLE,),
    ddl=(
        "CREATE TABLE IF NOT EXISTS {progression_opens} (position_id uuid PRIMARY KEY, owner_id uuid NOT NULL,"
        " symbol text NOT NULL, side text NOT NULL, quantity numeric NOT NULL,"
        " opened_at timestamptz NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {symbol_idx} ON {progression_opens} (symbol, opened_at)",
    ),
    indexes={"symbol_idx": (TABLE, "_symbol_idx")},
    statements={
        "record": "INSERT INTO {progression_opens} VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        "counterparts": "SELECT DISTINCT owner_id FROM {progression_opens} WHERE symbol = %s AND side <> %s"
        " AND quantity = %s AND owner_id <> %s AND opened_at BETWEEN %s AND %s",
    },
)


def create_tables(tables: Tables) -> list[sql.Composable]:
    """DDL of the index: one row per opened position."""
    return list(SQL.render(tables).ddl)


class OpensIndex:
    """Reads and writes the index inside the policy's current transaction."""

    def __init__(self, cursor: Cursor, tables: Tables) -> None:
        self.cursor, self.sql = cursor, SQL.render(tables)

    def record(self, opened: LoggedEvent) -> None:
        """Remember an opened position (``trading.Position.Opened``)."""
        e = opened.event
        self.cursor.execute(
            self.sql.record,
            (opened.originator_id, e.owner_id, e.symbol, e.side, e.quantity, opened.timestamp),  # type: ignore[attr-defined]
        )

    def counterparts(self, position: Position) -> list[UUID]:
        """Other owners who opened the opposite side of the same size near the same time."""
        opened_at = position.created_on
        rows = self.cursor.execute(
            self.sql.counterparts,
            (
                position.symbol,
                position.side.value,
                position.quantity,
                position.owner_id,
                opened_at - MIRROR_WINDOW,
                opened_at + MIRROR_WINDOW,
            ),
        ).fetchall()
        return [owner for (owner,) in rows]


def is_mirror_trade(index: OpensIndex, position: Position, store: EventStore) -> bool:
    """Whether a friend or clan-mate of the owner holds the position's hedged counter-leg."""
    return any(_related(position.owner_id, other, store) for other in index.counterparts(position))


def _related(user_id: UUID, other_id: UUID, store: EventStore) -> bool:
    if friendship_id(user_id, other_id) in store.repository:
        return True
    clans = [_clan_of(u, store) for u in (user_id, other_id)]
    return clans[0] is not None and clans[0] == clans[1]


def _clan_of(user_id: UUID, store: EventStore) -> UUID | None:
    aggregate_id = membership_id(user_id)
    if aggregate_id not in store.repository:
        return None
    membership: Membership = store.repository.get(aggregate_id)
    return membership.clan_id
