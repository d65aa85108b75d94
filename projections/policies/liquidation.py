"""The trigger policy: what a price tick reaches — liquidations first, then exits, then resting orders.

It keeps two tables of its own, updated in the runtime's transaction:

- ``liquidation_watch``: every open position, indexed by (market, side, liquidation price),
  from Position.Opened, PartiallyClosed and MarginAdded (which move the liquidation price);
- ``exit_watch``: each exit of each open position (stop loss, take profit, trailing stop),
  indexed by (market, direction, trigger price), from Position.ExitsSet. A ``down`` exit fires
  at a tick at or below its trigger price (a long's stop and trailing stop, a short's take
  profit), an ``up`` exit at or above it. A trailing stop's best price and trigger price follow
  the ticks here (a tick only ever moves them in the position's favour).

- ``order_watch``: each resting limit or stop order, indexed by (market, direction, price), from
  Order.Placed/Filled/Cancelled (a long limit and a short stop fill ``down``, the others ``up``);
  orders a tick reaches fill in the order they were placed, at that tick's price.

So a tick reads only what it reaches, by index range: O(log n + reached), never a scan of all
positions. Both tables are written with absolute values (upserts), so replaying the log from 0
over them puts each row back to its state at each event; rows are only considered for ticks
after the event that last set them (``opened_position`` / ``set_position``), so a replay never
fires at a tick older than what it reacts to.

Each reaction is one command keyed by (policy, tick position, position): a replay answers the
first reaction; the Position aggregate refuses a second close, liquidation or exit, which the
policy swallows (the owner closed it first, or a replay). On one tick a position is liquidated
or exited, never both: liquidation comes first; of its exits reached on one tick, the stop loss,
then the trailing stop, then the take profit fires, and firing one ends the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.errors import PositionAlreadyClosed
from aggregates.trading.market_price import MarketPrice, market_price_id
from aggregates.trading.order import Order, OrderNotExpired, OrderNotOpen, OrderNotReached, OrderType
from aggregates.trading.position import Exit, ExitNotReached, Position
from event_store import trace_context
from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from projections.runtime.statements import StatementSet
from services.commands import Idempotency
from services.liquidation import LiquidationService
from services.orders import OrderService

WATCH = "liquidation_watch"
EXITS = "exit_watch"
ORDERS = "order_watch"

_DDL = (
    """CREATE TABLE IF NOT EXISTS {liquidation_watch} (
        position_id uuid PRIMARY KEY,
        market_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL CHECK (side IN ('long', 'short')),
        liquidation_price numeric NOT NULL,
        opened_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {index} ON {liquidation_watch} (market_id, side, liquidation_price)",
    """CREATE TABLE IF NOT EXISTS {exit_watch} (
        position_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('stop_loss', 'take_profit', 'trailing_stop')),
        market_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('down', 'up')),
        trigger_price numeric NOT NULL,
        trail_pct numeric,
        best_price numeric,
        set_position bigint NOT NULL,
        PRIMARY KEY (position_id, kind))""",
    "CREATE INDEX IF NOT EXISTS {exits_index} ON {exit_watch} (market_id, direction, trigger_price)",
    """CREATE INDEX IF NOT EXISTS {trail_index} ON {exit_watch} (market_id, direction, best_price)
        WHERE kind = 'trailing_stop'""",
    """CREATE TABLE IF NOT EXISTS {order_watch} (
        order_id uuid PRIMARY KEY,
        market_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('down', 'up')),
        price numeric NOT NULL,
        placed_position bigint NOT NULL,
        expires_at timestamptz)""",
    "CREATE INDEX IF NOT EXISTS {orders_index} ON {order_watch} (market_id, direction, price)",
    """CREATE INDEX IF NOT EXISTS {expiry_index} ON {order_watch} (market_id, expires_at)
        WHERE expires_at IS NOT NULL""",
    # The trace context of the command that placed the order (null while tracing is off): its fill continues
    # that trace, linked to the tick's (docs/adr/0010).
    "ALTER TABLE {order_watch} ADD COLUMN IF NOT EXISTS traceparent text",
)
_REST = """INSERT INTO {order_watch} (order_id, market_id, direction, price, placed_position, expires_at, traceparent)
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (order_id) DO UPDATE SET price = EXCLUDED.price, placed_position = EXCLUDED.placed_position"""
# gtd orders whose time has come by this tick's time: expired before anything fills on the tick.
_EXPIRED = """SELECT order_id FROM {order_watch}
WHERE market_id = %(market)s AND expires_at <= %(at)s AND placed_position < %(tick)s ORDER BY placed_position"""
_UNREST = "DELETE FROM {order_watch} WHERE order_id = ANY(%s)"
_ORDERS_REACHED = """SELECT order_id, placed_position, traceparent FROM {order_watch}
    WHERE market_id = %(market)s AND direction = 'down' AND price >= %(price)s AND placed_position < %(tick)s
UNION ALL
SELECT order_id, placed_position, traceparent FROM {order_watch}
    WHERE market_id = %(market)s AND direction = 'up' AND price <= %(price)s AND placed_position < %(tick)s
ORDER BY placed_position"""
# Opened resets the row (a replay from 0 puts it back as it was then); the later events set it absolutely.
_WATCH = """INSERT INTO {liquidation_watch} (position_id, market_id, symbol, side, liquidation_price, opened_position)
VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (position_id) DO UPDATE
SET liquidation_price = EXCLUDED.liquidation_price, opened_position = EXCLUDED.opened_position"""
_MOVE = "UPDATE {liquidation_watch} SET liquidation_price = %s WHERE position_id = %s"
_UNWATCH = "DELETE FROM {liquidation_watch} WHERE position_id = ANY(%s)"
_UNWATCH_EXITS = "DELETE FROM {exit_watch} WHERE position_id = ANY(%s)"
# A long is reached when the price falls to its liquidation price, a short when it rises to it.
# Only positions opened before the tick: a replay from 0 over a table left in a later state
# must not liquidate a position at a tick that preceded its opening.
_REACHED = """SELECT position_id, opened_position FROM {liquidation_watch}
    WHERE market_id = %(market)s AND side = 'long' AND liquidation_price >= %(price)s AND opened_position < %(tick)s
UNION ALL
SELECT position_id, opened_position FROM {liquidation_watch}
    WHERE market_id = %(market)s AND side = 'short' AND liquidation_price <= %(price)s AND opened_position < %(tick)s
ORDER BY opened_position"""
_EXIT = """INSERT INTO {exit_watch} (position_id, kind, market_id, direction, trigger_price, trail_pct, best_price,
    set_position)
SELECT %(position)s, %(kind)s, market_id,
    CASE WHEN (side = 'long') = %(falls)s THEN 'down' ELSE 'up' END,
    COALESCE(%(trigger)s::numeric, CASE WHEN side = 'long' THEN %(best)s::numeric * (100 - %(pct)s::numeric) / 100
                                        ELSE %(best)s::numeric * (100 + %(pct)s::numeric) / 100 END),
    %(pct)s::numeric, %(best)s::numeric, %(set)s
FROM {liquidation_watch} WHERE position_id = %(position)s"""
_EXITS_REACHED = """SELECT position_id, kind, set_position FROM {exit_watch}
    WHERE market_id = %(market)s AND direction = 'down' AND trigger_price >= %(price)s AND set_position < %(tick)s
UNION ALL
SELECT position_id, kind, set_position FROM {exit_watch}
    WHERE market_id = %(market)s AND direction = 'up' AND trigger_price <= %(price)s AND set_position < %(tick)s
ORDER BY set_position, position_id"""
# A new best price moves a trailing stop in the position's favour, never back.
_TRAIL = """UPDATE {exit_watch} SET best_price = %(price)s,
    trigger_price = CASE direction WHEN 'down' THEN %(price)s * (100 - trail_pct) / 100
                                   ELSE %(price)s * (100 + trail_pct) / 100 END
WHERE market_id = %(market)s AND kind = 'trailing_stop' AND set_position < %(tick)s AND (
    (direction = 'down' AND best_price < %(price)s) OR (direction = 'up' AND best_price > %(price)s))"""
# ExitsSet keeping a trailing stop as it was (no ``reference_price``) keeps its row.
_UNWATCH_OTHER_EXITS = _UNWATCH_EXITS + " AND kind <> 'trailing_stop'"

SQL = StatementSet(
    tables=(WATCH, EXITS, ORDERS),
    ddl=_DDL,
    indexes={
        "index": (WATCH, "_reach_idx"),
        "exits_index": (EXITS, "_reach_idx"),
        "trail_index": (EXITS, "_trail_idx"),
        "orders_index": (ORDERS, "_reach_idx"),
        "expiry_index": (ORDERS, "_expiry_idx"),
    },
    statements={
        "rest": _REST,
        "expired": _EXPIRED,
        "unrest": _UNREST,
        "orders_reached": _ORDERS_REACHED,
        "watch": _WATCH,
        "move": _MOVE,
        "unwatch": _UNWATCH,
        "unwatch_exits": _UNWATCH_EXITS,
        "reached": _REACHED,
        "exit": _EXIT,
        "exits_reached": _EXITS_REACHED,
        "trail": _TRAIL,
        "unwatch_other_exits": _UNWATCH_OTHER_EXITS,
    },
)


# Of several exits of one position reached on one tick, the first of these fires.
_PRIORITY = (Exit.STOP_LOSS, Exit.TRAILING_STOP, Exit.TAKE_PROFIT)


class LiquidationPolicy(Policy):
    """Liquidates every open position a price tick reaches, then fires the exits it reaches, exactly once,
    at that tick's price (the name stays ``liquidation``: it is the policy's checkpoint)."""

    name: ClassVar[str] = "liquidation"
    tables: ClassVar[tuple[str, ...]] = (WATCH, EXITS, ORDERS)

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Position.Opened)
    def _watch(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        opened = cast(Position.Opened, event.event)
        cursor.execute(
            SQL.render(tables).watch,
            (
                event.originator_id,
                market_price_id(opened.symbol),
                opened.symbol,
                opened.side,
                opened.liquidation_price,
                event.position,
            ),
        )

    @handles(Position.Closed, Position.Liquidated)
    def _ended(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        self._unwatch(cursor, tables, [event.originator_id])

    @handles(Position.PartiallyClosed, Position.MarginAdded, Position.Increased)
    def _moved(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        """The position's liquidation price moved."""
        moved = cast(Decimal, event.event.liquidation_price)  # type: ignore[attr-defined]
        cursor.execute(SQL.render(tables).move, (moved, event.originator_id))

    @handles(Order.Placed)
    def _rest(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        placed = cast(Order.Placed, event.event)
        level = placed.limit_price if placed.limit_price is not None else placed.stop_price
        if level is None:
            return  # a market order fills in the transaction that places it
        falls = (placed.type == OrderType.LIMIT.value) == (placed.side == "long")
        cursor.execute(
            SQL.render(tables).rest,
            (
                event.originator_id,
                market_price_id(placed.symbol),
                "down" if falls else "up",
                level,
                event.position,
                placed.expires_at,
                event.metadata.get(trace_context.KEY),
            ),
        )

    def _unwatch(self, cursor: Cursor[Any], tables: Tables, positions: Sequence[UUID]) -> None:
        cursor.execute(SQL.render(tables).unwatch, (list(positions),))
        cursor.execute(SQL.render(tables).unwatch_exits, (list(positions),))

    @handles(Order.Filled, Order.Cancelled)
    def _unrest(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        cursor.execute(SQL.render(tables).unrest, ([event.originator_id],))

    @handles(Position.ExitsSet)
    def _set_exits(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        """Replace the position's exit rows (market and side come from its liquidation row); a trailing stop
        kept as it was (no ``reference_price``) keeps its row, so it goes on from its best price. On a replay
        from 0 the event that started it resets that row first, so no later best leaks back."""
        ev = cast(Position.ExitsSet, event.event)
        kept = ev.trailing_stop_pct is not None and ev.reference_price is None
        cursor.execute(
            SQL.render(tables).unwatch_other_exits if kept else SQL.render(tables).unwatch_exits,
            ([event.originator_id],),
        )
        rows: list[tuple[Exit, Decimal | None, bool, Decimal | None, Decimal | None]] = []
        if ev.stop_loss is not None:
            rows.append((Exit.STOP_LOSS, ev.stop_loss, True, None, None))
        if ev.take_profit is not None:
            rows.append((Exit.TAKE_PROFIT, ev.take_profit, False, None, None))
        if ev.trailing_stop_pct is not None and not kept:
            # It starts following at the reference price: pct below it for a long, above for a short.
            rows.append((Exit.TRAILING_STOP, None, True, ev.trailing_stop_pct, ev.reference_price))
        for kind, trigger, falls, pct, best in rows:
            cursor.execute(
                SQL.render(tables).exit,
                {
                    "position": event.originator_id,
                    "kind": kind.value,
                    "falls": falls,
                    "trigger": trigger,
                    "pct": pct,
                    "best": best,
                    "set": event.position,
                },
            )

    @handles(MarketPrice.Listed, MarketPrice.Ticked)
    def _tick(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        price = cast(Decimal, event.event.price)  # type: ignore[attr-defined]
        params = {"market": event.originator_id, "price": price, "tick": event.position}
        cursor.execute(SQL.render(tables).reached, params)
        liquidated = [row[0] for row in cursor.fetchall()]
        for position_id in liquidated:
            self._liquidate(event, position_id, price)
        cursor.execute(SQL.render(tables).exits_reached, params)
        reached: dict[UUID, list[Exit]] = {}
        for position_id, kind, _ in cursor.fetchall():
            reached.setdefault(position_id, []).append(Exit(kind))
        gone = set(liquidated)
        fired = [p for p in reached if p not in gone]
        for position_id in fired:
            exit_ = next(e for e in _PRIORITY if e in reached[position_id])
            self._fire(event, position_id, exit_, price)
        if liquidated or fired:
            self._unwatch(cursor, tables, [*liquidated, *fired])
        cursor.execute(SQL.render(tables).trail, params)
        cursor.execute(SQL.render(tables).expired, {**params, "at": event.timestamp})
        expired = [row[0] for row in cursor.fetchall()]
        for order_id in expired:
            self._expire(event, order_id)
        if expired:
            cursor.execute(SQL.render(tables).unrest, (expired,))
        cursor.execute(SQL.render(tables).orders_reached, params)
        reached_orders = cursor.fetchall()
        for order_id, _, placed_trace in reached_orders:
            self._fill(event, order_id, price, placed_trace)
        orders = [row[0] for row in reached_orders]
        if orders:
            cursor.execute(SQL.render(tables).unrest, (orders,))

    def _liquidate(self, event: LoggedEvent, position_id: UUID, price: Decimal) -> None:
        try:
            LiquidationService(self.runner_for(event)).liquidate(
                position_id, price, self.context_for(event), self._key(event, position_id)
            )
        except PositionAlreadyClosed:
            pass  # closed by its owner first, or liquidated by an earlier run of this reaction

    def _fire(self, event: LoggedEvent, position_id: UUID, exit_: Exit, price: Decimal) -> None:
        try:
            LiquidationService(self.runner_for(event)).fire_exit(
                position_id, exit_, price, self.context_for(event), self._key(event, position_id)
            )
        except (PositionAlreadyClosed, ExitNotReached):
            pass  # closed first, or the owner changed the exits after this tick (a replay over a later table)

    def _fill(self, event: LoggedEvent, order_id: UUID, price: Decimal, placed_trace: str | None) -> None:
        # The fill belongs to the order's story: a child of the trace that placed it, linked to the tick's.
        with trace_context.continued(
            "liquidation fill order",
            {trace_context.KEY: placed_trace},
            links=[event.metadata.get(trace_context.KEY)],
            order_id=str(order_id),
            position=event.position,
        ):
            try:
                OrderService(self.runner_for(event)).fill_triggered(
                    order_id, price, self.context_for(event), self._key(event, order_id)
                )
            except (OrderNotOpen, OrderNotReached):
                pass  # cancelled (or filled) first: exactly one of them wins; or a replay over a later table

    def _expire(self, event: LoggedEvent, order_id: UUID) -> None:
        try:
            OrderService(self.runner_for(event)).expire(order_id, self.context_for(event), self._key(event, order_id))
        except (OrderNotOpen, OrderNotExpired):
            pass  # filled or cancelled first; or a replay over a later table

    def _key(self, event: LoggedEvent, subject: UUID) -> Idempotency:
        # One reaction per (tick, position): liquidation or one exit, never both; one per (tick, order).
        key = f"{self.name}:{event.position}:{subject}"
        return Idempotency(key=key, request={"position": event.position, "position_id": str(subject)})
