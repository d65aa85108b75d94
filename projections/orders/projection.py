"""The orders projection: Order.Placed, Filled and Cancelled become rows of ``orders``; a TWAP/VWAP order's
Scheduled and SliceFilled its slice count, running totals and rows of ``order_slices``."""

from __future__ import annotations

from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.trading.order import Order
from event_store.log import LoggedEvent
from projections.orders.view import TABLES, OrdersView
from projections.runtime.base import Projection, Tables

_PLACED_FIELDS = ("owner_id", "type", "symbol", "side", "quantity", "leverage", "limit_price", "stop_price",
                  "time_in_force", "expires_at", "position_id", "reserved")

_SLICE_FIELDS = ("index", "quantity", "price", "fee", "margin", "released", "position_id")


class OrdersProjection(Projection):
    """Every order with its status, fill and the cash it holds."""

    name: ClassVar[str] = "orders"
    version: ClassVar[int] = 2  # v2: TWAP/VWAP slices (new columns and table: rebuilt from the log)
    topics: ClassVar[tuple[str, ...]] = (Order.Placed.TOPIC, Order.Filled.TOPIC, Order.Cancelled.TOPIC,
                                         Order.Scheduled.TOPIC, Order.SliceFilled.TOPIC)
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # money: reserved cash is never silently skipped

    def __init__(self, view: OrdersView | None = None) -> None:
        self.view = view or OrdersView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        e: Any = event.event
        at, pos, order_id = event.timestamp, event.position, event.originator_id
        if isinstance(e, Order.Placed):
            fields = {name: getattr(e, name) for name in _PLACED_FIELDS}
            self.view.placed(cursor, tables, pos=pos, at=at, order_id=order_id, fields=fields)
        elif isinstance(e, Order.Filled):
            self.view.filled(cursor, tables, pos=pos, at=at, order_id=order_id, price=e.price, fee=e.fee,
                             margin=e.margin, position_id=e.position_id)
        elif isinstance(e, Order.Scheduled):
            self.view.scheduled(cursor, tables, pos=pos, at=at, order_id=order_id, slices=len(e.slices))
        elif isinstance(e, Order.SliceFilled):
            fill = {name: getattr(e, name) for name in _SLICE_FIELDS}
            self.view.slice_filled(cursor, tables, pos=pos, at=at, order_id=order_id, fill=fill)
        elif isinstance(e, Order.Cancelled):
            self.view.cancelled(cursor, tables, pos=pos, at=at, order_id=order_id, reason=e.reason)
        else:
            raise ValueError(f"orders does not handle {event.topic!r} (position {event.position})")
