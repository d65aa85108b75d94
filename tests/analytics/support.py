"""Helpers of the analytics tests: a known trading history across an hour and a UTC day boundary,
applying the projection straight from the log, reading whole tables back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from aggregates.money import Side
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from projections.analytics.projection import AnalyticsProjection
from projections.analytics.statements import TABLES
from projections.runtime.base import Tables
from services.trading import TradingService
from services.users import UserService
from tests.support import SteppingClock

CTX = CommandContext(actor="test", correlation_id="analytics-test")
MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
TUESDAY = datetime(2026, 1, 6, tzinfo=UTC)
# The primary key of each table: rows compare in this order.
ORDER = {
    "trade_facts": "position_id, kind",
    "volume_hourly": "hour, symbol",
    "volume_daily": "day, symbol",
    "trader_activity_hourly": "hour, user_id",
    "trader_activity_daily": "day, user_id",
    "xp_awards": "log_position",
    "xp_earners_daily": "day, user_id",
    "xp_daily": "day",
    "achievement_unlocks": "user_id, achievement",
    "achievements_daily": "day, achievement",
    "clan_sizes": "clan_id",
}


@dataclass(frozen=True)
class History:
    alice: UUID
    bob: UUID
    carol: UUID
    position: int  # of the last event written


def at(day: datetime, hh: int, mm: int) -> datetime:
    return day.replace(hour=hh, minute=mm)


def trade_history(users: UserService, trading: TradingService, clock: SteppingClock) -> History:
    """Monday 12:10 alice longs 2 BTC at 100 (2x), 12:20 bob shorts 10 ETH at 10, 12:55 alice closes at 110
    (net 19.58), 13:05 bob closes at 12 (net -20.22), 23:30 carol longs 1 BTC at 110; Tuesday 00:30 carol
    closes at 99 (net -11.21), 01:00 alice longs 1 BTC at 99."""
    clock.set(at(MONDAY, 12, 0))
    alice, bob, carol = (
        UUID(users.register(n, f"{n}@example.com", "pw-12345678", CTX).body["user_id"])
        for n in ("alice", "bob", "carol")
    )
    for user in (alice, bob, carol):
        trading.deposit(user, Decimal("10000.00"), "USD", CTX)
    trading.record_price("BTC-USD", Decimal("100"), CTX)
    trading.record_price("ETH-USD", Decimal("10"), CTX)
    first = _open(trading, clock, at(MONDAY, 12, 10), alice, "BTC-USD", Side.LONG, "2", 2)
    second = _open(trading, clock, at(MONDAY, 12, 20), bob, "ETH-USD", Side.SHORT, "10", 1)
    _tick_and_close(trading, clock, at(MONDAY, 12, 55), alice, first, "BTC-USD", "110")
    _tick_and_close(trading, clock, at(MONDAY, 13, 5), bob, second, "ETH-USD", "12")
    third = _open(trading, clock, at(MONDAY, 23, 30), carol, "BTC-USD", Side.LONG, "1", 1)
    _tick_and_close(trading, clock, at(TUESDAY, 0, 30), carol, third, "BTC-USD", "99")
    clock.set(at(TUESDAY, 1, 0))
    last = trading.open_position(alice, "BTC-USD", Side.LONG, Decimal("1"), 1, CTX)
    return History(alice, bob, carol, last.position)


def _open(
    trading: TradingService,
    clock: SteppingClock,
    when: datetime,
    user: UUID,
    symbol: str,
    side: Side,
    quantity: str,
    leverage: int,
) -> UUID:
    clock.set(when)
    return UUID(trading.open_position(user, symbol, side, Decimal(quantity), leverage, CTX).body["position_id"])


def _tick_and_close(
    trading: TradingService, clock: SteppingClock, when: datetime, user: UUID, position: UUID, symbol: str, price: str
) -> None:
    clock.set(when)
    trading.record_price(symbol, Decimal(price), CTX)
    trading.close_position(user, position, CTX)


def logged_events(store: EventStore, upto: int) -> list[LoggedEvent]:
    """Every analytics event up to ``upto``. The test's commands have all committed and nothing else
    writes to its event store, so reading up to its last position skips nothing; the safe head
    (``EventLog.head``) is cluster-wide and other sessions' transactions may hold it back meanwhile."""
    return EventLog(store).read(0, upto, 10_000, AnalyticsProjection.topics)


def create_tables(conninfo: str, tables: Tables) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.transaction():
        for statement in AnalyticsProjection().create_tables(tables):
            conn.execute(sql.Composed([statement]))


def apply_events(conninfo: str, tables: Tables, events: Sequence[LoggedEvent]) -> None:
    """Apply ``events`` in one transaction, pipelined, as the runtime does."""
    projection = AnalyticsProjection()
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.transaction(), conn.cursor() as cur:
        with conn.pipeline():
            projection.apply_batch(cur, tables, events)


def table_rows(conninfo: str, tables: Tables, logical: str) -> list[dict[str, Any]]:
    query = sql.SQL("SELECT * FROM {} ORDER BY {}").format(tables[logical], sql.SQL(ORDER[logical]))
    with psycopg.connect(conninfo) as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        return cur.execute(query).fetchall()


def all_rows(conninfo: str, tables: Tables) -> dict[str, list[dict[str, Any]]]:
    return {logical: table_rows(conninfo, tables, logical) for logical in TABLES}


def drop_schema(conninfo: str, schema: str) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
