"""The orders projection: Order.Placed, Filled and Cancelled become rows of ``orders``; a TWAP/VWAP order's
Scheduled and SliceFilled its slice count, running totals and rows of ``order_slices``."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.order import Order
from event_store.log import LoggedEvent
from projections.orders.view import TABLES, OrdersView
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles

_PLACED_FIELDS = (
    "owner_id",
    "type",
    "symbol",
    "side",
    "quantity",
    "leverage",
    "limit_price",
    "stop_price",
    "time_in_force",
    "expires_at",
    "position_id",
    "reserved",
)

_SLICE_FIELDS = ("index", "quantity", "price", "fee", "margin", "released", "position_id")


class OrdersProjection(Projection):
    """Every order with its status, fill and the cash it holds."""

    name: ClassVar[str] = "orders"
    version: ClassVar[int] = 2  # v2: TWAP/VWAP slices (new columns and table: rebuilt from the log)
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # money: reserved cash is never silently skipped

    def __init__(self, view: OrdersView | None = None) -> None:
        self.view = view or OrdersView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    @handles(Order.Placed)
    def _placed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _PLACED_FIELDS}
        self.view.placed(cur, t, pos=e.position, at=e.timestamp, order_id=e.originator_id, fields=fields)

    @handles(Order.Filled)
    def _filled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Order.Filled, e.event)
        self.view.filled(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            order_id=e.originator_id,
            price=ev.price,
            fee=ev.fee,
            margin=ev.margin,
            position_id=ev.position_id,
        )

    @handles(Order.Scheduled)
    def _scheduled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        slices = len(cast(Order.Scheduled, e.event).slices)
        self.view.scheduled(cur, t, pos=e.position, at=e.timestamp, order_id=e.originator_id, slices=slices)

    @handles(Order.SliceFilled)
    def _slice_filled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fill = {name: getattr(e.event, name) for name in _SLICE_FIELDS}
        self.view.slice_filled(cur, t, pos=e.position, at=e.timestamp, order_id=e.originator_id, fill=fill)

    @handles(Order.Cancelled)
    def _cancelled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        reason = cast(Order.Cancelled, e.event).reason
        self.view.cancelled(cur, t, pos=e.position, at=e.timestamp, order_id=e.originator_id, reason=reason)
