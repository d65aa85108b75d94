"""Partial closes and increases are trades in the analytics figures: each counts its own notional and realized
P&L, and a final close counts only the quantity left (api.md: "every open and every close counts its notional")."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.money import Side
from aggregates.trading.order import OrderType
from event_store.application import EventStore
from services.commands import CommandRunner
from services.orders import OrderService, OrderSpec
from services.trading import TradingService
from services.users import UserService
from tests.analytics.support import CTX, MONDAY, all_rows, apply_events, at, logged_events, table_rows
from tests.support import SteppingClock

BTC = "BTC-USD"


@pytest.fixture
def events(
    users: UserService, trading: TradingService, runner: CommandRunner, clock: SteppingClock, store: EventStore
) -> list:
    """12:00 dan longs 4 BTC at 100 (1x); 12:10 an order adds 1 at 110; 12:20 he closes 2 at 120; 12:30 he closes
    the 3 left at 90."""
    clock.set(at(MONDAY, 12, 0))
    dan = UUID(users.register("dan", "dan@example.com", "pw-12345678", CTX).body["user_id"])
    trading.deposit(dan, D("10000.00"), "USD", CTX)
    trading.record_price(BTC, D("100"), CTX)
    position = UUID(trading.open_position(dan, BTC, Side.LONG, D("4"), 1, CTX).body["position_id"])
    for minute, price in ((10, "110"), (20, "120"), (30, "90")):
        clock.set(at(MONDAY, 12, minute))
        trading.record_price(BTC, D(price), CTX, force=True)
        if minute == 10:
            OrderService(runner).place(
                dan, OrderSpec(OrderType.MARKET, BTC, Side.LONG, D("1"), 1, position_id=position), CTX
            )
        else:
            last = trading.close_position(dan, position, CTX, quantity=D("2") if minute == 20 else None)
    return logged_events(store, last.position)


def test_each_partial_close_and_increase_counts_its_own_notional_and_the_final_close_what_is_left(
    db, make_tables, events
):
    tables = make_tables()
    apply_events(db, tables, events)
    facts = sorted(table_rows(db, tables, "trade_facts"), key=lambda f: f["log_position"])
    # entry after the add: (4 × 100 + 110) / 5 = 102; the part: 2 × (120 − 102) = 36.00 gross, fee 0.24, its share
    # of the 0.51 opening fees 0.20; the rest: 3 × (90 − 102) = −36.00, fee 0.27, fees left 0.31
    assert [(f["kind"], f["quantity"], f["price"], f["notional"], f["net_pnl"]) for f in facts] == [
        ("open", D("4"), D("100"), D("400"), None),
        ("increase", D("1"), D("110"), D("110"), None),
        ("partial", D("2"), D("120"), D("240"), D("35.56")),
        ("close", D("3"), D("90"), D("270"), D("-36.58")),
    ]
    [hour] = table_rows(db, tables, "volume_hourly")
    assert (
        hour["volume"],
        hour["trade_count"],
        hour["open_count"],
        hour["close_count"],
        hour["fees"],
        hour["net_pnl"],
    ) == (D("1020"), 4, 1, 1, D("1.02"), D("-1.02"))


@pytest.mark.parametrize("split", [1, 2, 3])
def test_partial_trades_rebuild_equals_incremental(db, make_tables, events, split):
    rebuilt, incremental = make_tables("rebuilt"), make_tables("incremental")
    apply_events(db, rebuilt, events)
    apply_events(db, incremental, events[:split])
    apply_events(db, incremental, events[split:])
    apply_events(db, incremental, events[split - 1 :])  # and an event applied twice changes nothing
    assert all_rows(db, incremental) == all_rows(db, rebuilt)
