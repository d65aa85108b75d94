"""The orders projection: Order.Placed, Filled and Cancelled become rows of ``orders``; a TWAP/VWAP order's
Scheduled and SliceFilled its slice count, running totals and rows of ``order_slices``."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.order import Order
from event_store.log import LoggedEvent
from projections.orders.statements import SQL, TABLES
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

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Order.Placed)
    def _placed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _PLACED_FIELDS}
        cur.execute(SQL.render(t).placed, {**fields, **_order(e)})

    @handles(Order.Filled)
    def _filled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Order.Filled, e.event)
        params = {**_order(e), "price": ev.price, "fee": ev.fee, "margin": ev.margin, "position_id": ev.position_id}
        cur.execute(SQL.render(t).filled, params)

    @handles(Order.Scheduled)
    def _scheduled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).scheduled, {**_order(e), "slices": len(cast(Order.Scheduled, e.event).slices)})

    @handles(Order.SliceFilled)
    def _slice_filled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """One TWAP/VWAP slice: the order's running totals, and the slice's own row."""
        params = {**{name: getattr(e.event, name) for name in _SLICE_FIELDS}, **_order(e)}
        rendered = SQL.render(t)
        cur.execute(rendered.slice, params)
        cur.execute(rendered.slice_row, params)

    @handles(Order.Cancelled)
    def _cancelled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).cancelled, {**_order(e), "reason": cast(Order.Cancelled, e.event).reason})


def _order(e: LoggedEvent) -> dict[str, Any]:
    """The parameters every order statement takes."""
    return {"order_id": e.originator_id, "at": e.timestamp, "pos": e.position}
