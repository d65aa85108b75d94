"""The liquidation policy: the first tick at or beyond a position's liquidation price liquidates it.

It keeps its own table of open positions, ``liquidation_watch``, indexed by
(symbol's price stream, side, liquidation price) and updated in the runtime's
transaction from Position.Opened/Closed/Liquidated, so a tick reads only the
positions it reaches, never a scan of all positions. Each liquidation is one
command keyed by (policy, tick position, position): a replay answers the first
reaction, and the Position aggregate refuses a second close or liquidation,
which the policy swallows (the owner closed it first, or a replay).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.errors import PositionAlreadyClosed
from aggregates.trading.market_price import MarketPrice, market_price_id
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Tables
from services.commands import Idempotency
from services.liquidation import LiquidationService

WATCH = "liquidation_watch"

_DDL = (
    """CREATE TABLE IF NOT EXISTS {watch} (
        position_id uuid PRIMARY KEY,
        market_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL CHECK (side IN ('long', 'short')),
        liquidation_price numeric NOT NULL,
        opened_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {index} ON {watch} (market_id, side, liquidation_price)",
)
_WATCH = """INSERT INTO {watch} (position_id, market_id, symbol, side, liquidation_price, opened_position)
VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (position_id) DO NOTHING"""
_UNWATCH = "DELETE FROM {watch} WHERE position_id = ANY(%s)"
# A long is reached when the price falls to its liquidation price, a short when it rises to it.
# Only positions opened before the tick: a replay from 0 over a table left in a later state
# must not liquidate a position at a tick that preceded its opening.
_REACHED = """SELECT position_id, opened_position FROM {watch}
    WHERE market_id = %(market)s AND side = 'long' AND liquidation_price >= %(price)s AND opened_position < %(tick)s
UNION ALL
SELECT position_id, opened_position FROM {watch}
    WHERE market_id = %(market)s AND side = 'short' AND liquidation_price <= %(price)s AND opened_position < %(tick)s
ORDER BY opened_position"""


class LiquidationPolicy(Policy):
    """Liquidates every open position a price tick reaches, exactly once, at that tick's price."""

    name: ClassVar[str] = "liquidation"
    topics: ClassVar[tuple[str, ...]] = (
        Position.Opened.TOPIC, Position.Closed.TOPIC, Position.Liquidated.TOPIC,
        MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = (WATCH,)

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        index = sql.Identifier(tables.physical(WATCH) + "_reach_idx")
        return [sql.SQL(text).format(watch=tables[WATCH], index=index) for text in _DDL]

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        if event.topic == Position.Opened.TOPIC:
            self._watch(cursor, tables, event)
        elif event.topic in (Position.Closed.TOPIC, Position.Liquidated.TOPIC):
            cursor.execute(sql.SQL(_UNWATCH).format(watch=tables[WATCH]), ([event.originator_id],))
        else:
            self._tick(cursor, tables, event)

    def react(self, event: LoggedEvent) -> None:
        """Unused: a tick's reactions need the watch table, so ``apply`` drives them."""

    def _watch(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        opened = cast(Position.Opened, event.event)
        cursor.execute(sql.SQL(_WATCH).format(watch=tables[WATCH]), (
            event.originator_id, market_price_id(opened.symbol), opened.symbol, opened.side,
            opened.liquidation_price, event.position))

    def _tick(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        price = cast(Decimal, event.event.price)  # type: ignore[attr-defined]
        params = {"market": event.originator_id, "price": price, "tick": event.position}
        cursor.execute(sql.SQL(_REACHED).format(watch=tables[WATCH]), params)
        reached = [row[0] for row in cursor.fetchall()]
        for position_id in reached:
            self._liquidate(event, position_id, price)
        if reached:
            cursor.execute(sql.SQL(_UNWATCH).format(watch=tables[WATCH]), (reached,))

    def _liquidate(self, event: LoggedEvent, position_id: UUID, price: Decimal) -> None:
        key = f"{self.name}:{event.position}:{position_id}"
        idem = Idempotency(key=key, request={"position": event.position, "position_id": str(position_id)})
        try:
            LiquidationService(self.runner_for(event)).liquidate(position_id, price, self.context_for(event), idem)
        except PositionAlreadyClosed:
            pass  # closed by its owner first, or liquidated by an earlier run of this reaction
