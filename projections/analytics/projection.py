"""The analytics projection: every open and close becomes one trade fact and its rollups."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.analytics import statements
from projections.analytics.statements import Statements
from projections.runtime.base import PoisonPolicy, Projection, Tables

ANALYTICS_SCHEMA = "analytics"  # where the analyst role reads; see docs/analytics.md


class AnalyticsProjection(Projection):
    """Trade facts, volume per symbol per hour and day, active traders, the P&L distribution source."""

    name: ClassVar[str] = "analytics"
    topics: ClassVar[tuple[str, ...]] = (Position.Opened.TOPIC, Position.Closed.TOPIC, Position.Liquidated.TOPIC)
    tables: ClassVar[tuple[str, ...]] = statements.TABLES
    on_poison: ClassVar[PoisonPolicy] = "skip"  # figures for analysts: park a bad event, keep going
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read
    # Meant for a schema of its own (``Tables(ANALYTICS_SCHEMA)``) that only this
    # projection writes and the analyst role reads; every name goes through Tables.
    schema: ClassVar[str] = ANALYTICS_SCHEMA

    def sql(self, tables: Tables) -> Statements:
        """The statements for ``tables`` (rendered once: ``statements.render`` is cached)."""
        return statements.render(tables)

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(self.sql(tables).ddl)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        if event.topic == Position.Opened.TOPIC:
            cursor.execute(self.sql(tables).record_open, _opened(event))
        elif event.topic == Position.Closed.TOPIC:
            cursor.execute(self.sql(tables).record_close, _closed(event, kind="close"))
        elif event.topic == Position.Liquidated.TOPIC:
            cursor.execute(self.sql(tables).record_close, _closed(event, kind="liquidation"))
        else:
            raise ValueError(f"analytics does not handle {event.topic!r} (position {event.position})")


def _buckets(event: LoggedEvent) -> dict[str, Any]:
    """When it happened, and the UTC hour and day it counts in."""
    at = event.timestamp.astimezone(UTC)
    hour: datetime = at.replace(minute=0, second=0, microsecond=0)
    day: date = at.date()
    return {"pos": event.position, "at": at, "hour": hour, "day": day, "position_id": event.originator_id}


def _opened(event: LoggedEvent) -> dict[str, Any]:
    opened = cast(Position.Opened, event.event)
    return {**_buckets(event), "user_id": opened.owner_id, "symbol": opened.symbol, "side": opened.side,
            "quantity": opened.quantity, "price": opened.entry_price, "notional": opened.notional,
            "fee": opened.fee, "leverage": opened.leverage, "margin": opened.margin}


def _closed(event: LoggedEvent, kind: str) -> dict[str, Any]:
    """A close (or, once it exists, a liquidation: same fields, ``kind="liquidation"``)."""
    closed = cast(Position.Closed, event.event)
    return {**_buckets(event), "kind": kind, "price": closed.exit_price, "fee": closed.fee,
            "gross_pnl": closed.gross_pnl, "net_pnl": closed.net_pnl, "uncovered_loss": closed.uncovered_loss}
