"""A TWAP/VWAP Order: given its placement, when a slice fills, then its events or the refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates import clock
from aggregates.money import Side
from aggregates.trading.order import InvalidOrder, Order, OrderType, SliceAlreadyFilled, SliceNotDue, TimeInForce
from tests.unit.aggregates.spec import given, new_events, then_refused

ALICE = UUID("00000000-0000-4000-8000-00000000000a")
POSITION = UUID("00000000-0000-4000-8000-0000000000b0")
NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def placed() -> Order:
    with clock.using(lambda: NOON):
        return given(
            Order.place_algorithm(
                ALICE,
                OrderType.TWAP,
                "BTC-USD",
                Side.LONG,
                D("3"),
                2,
                market_price=D("100"),
                slices=[D("1")] * 3,
                interval_ms=20_000,
                weighted_by="time",
            )
        )


def test_placing_records_the_plan_with_each_slices_hold():
    with clock.using(lambda: NOON):
        order = Order.place_algorithm(
            ALICE,
            OrderType.VWAP,
            "BTC-USD",
            Side.LONG,
            D("4"),
            1,
            market_price=D("100"),
            slices=[D("3"), D("1")],
            interval_ms=3_600_000,
            weighted_by="volume",
        )
    events = new_events(order)
    assert [name for name, _ in events] == ["Placed", "Scheduled"]
    assert events[0][1]["reserved"] == D("400.40")
    assert events[1][1] == {
        "slices": [D("3"), D("1")],
        "holds": [D("300.30"), D("100.10")],
        "interval_ms": 3_600_000,
        "starts_at": NOON,
        "reference_price": D("100"),
        "weighted_by": "volume",
    }


@pytest.mark.parametrize(("slices", "tif"), [([D("1"), D("1")], TimeInForce.GTC), ([D("1")] * 3, TimeInForce.IOC)])
def test_slices_that_do_not_add_up_or_a_time_in_force_other_than_gtc_are_refused(slices, tif):
    with pytest.raises(InvalidOrder):
        Order.place_algorithm(
            ALICE,
            OrderType.TWAP,
            "BTC-USD",
            Side.LONG,
            D("3"),
            1,
            market_price=D("100"),
            slices=slices,
            interval_ms=1000,
            weighted_by="time",
            time_in_force=tif,
        )


def test_a_due_slice_fills_once_and_the_last_fills_the_order_releasing_what_is_left():
    order = placed()
    with clock.using(lambda: NOON + timedelta(seconds=40)):
        order.fill_slice(2, D("104"), POSITION, D("0.11"), D("52.00"))
        assert new_events(order) == [
            (
                "SliceFilled",
                {
                    "index": 2,
                    "quantity": D("1"),
                    "price": D("104"),
                    "position_id": POSITION,
                    "fee": D("0.11"),
                    "margin": D("52.00"),
                    "released": D("50.10"),
                },
            )
        ]
        then_refused(order, SliceAlreadyFilled, lambda: order.fill_slice(2, D("104"), POSITION, D("0.11"), D("52")))
        order.fill_slice(0, D("100"), POSITION, D("0.10"), D("50.00"))
        order.fill_slice(1, D("102"), POSITION, D("0.11"), D("51.00"))
    assert (order.status.value, order.reserved, order.fill_price) == ("filled", D("0.00"), D("102.00000000"))


def test_a_slice_before_its_time_is_refused():
    order = placed()
    with clock.using(lambda: NOON + timedelta(seconds=19)):
        then_refused(order, SliceNotDue, lambda: order.fill_slice(1, D("100"), POSITION, D("0.10"), D("50.00")))
