"""Orders on the real store and runtime: reservations, fills at the tick's price in placement order, adding to a
position, IOC, cancel, a cancel racing a fill, replay."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.errors import InsufficientFunds, NotFound
from aggregates.money import Side
from aggregates.trading.order import InvalidOrder, OrderNotOpen, OrderType, TimeInForce
from projections.policies.liquidation import LiquidationPolicy
from services.orders import OrderService, OrderSpec, PositionMismatch
from services.trading import Exits
from tests.financial.support import CTX, catch_up, logged, replay_from_zero, wallet
from tests.support import SteppingClock

BTC = "BTC-USD"


@pytest.fixture
def orders(runner) -> OrderService:
    return OrderService(runner)


def place(
    orders: OrderService,
    user: UUID,
    type_: OrderType,
    side: Side,
    quantity: str = "1",
    *,
    leverage: int = 5,
    limit: str | None = None,
    stop: str | None = None,
    **extra,
) -> dict:
    spec = OrderSpec(
        type_, BTC, side, D(quantity), leverage, D(limit) if limit else None, D(stop) if stop else None, **extra
    )
    return orders.place(user, spec, CTX).body


def tick(trading, clock: SteppingClock, *prices: str) -> None:
    for price in prices:
        clock.advance(minutes=1)
        trading.record_price(BTC, D(price), CTX, force=True)


def follow(store, read_models) -> None:
    catch_up(store, read_models, LiquidationPolicy())
    catch_up(store, read_models, LiquidationPolicy())


def cash_held_reserved(store, user: UUID) -> tuple[D, D, D]:
    w = wallet(store, user)
    return w.cash, w.held, w.reserved


def test_a_limit_long_reserves_at_its_price_and_fills_at_the_first_tick_at_or_below_it_at_that_price(
    store, read_models, trading, traders, orders, clock
):
    [alice] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    # A limit long of 1 at 95, 5x, reserves margin 19.00 + fee 0.095 → 0.10
    body = place(orders, alice, OrderType.LIMIT, Side.LONG, limit="95")
    assert (body["status"], body["reserved"]) == ("open", "19.10")
    assert cash_held_reserved(store, alice) == (D("980.90"), D("19.10"), D("0.00"))
    # 96 does not reach it; 94.5 does: it fills at 94.5 (margin 18.90, fee 0.0945 → 0.10)
    tick(trading, clock, "96", "94.5")
    follow(store, read_models)
    [filled] = logged(store, topics=("trading.Order.Filled",))
    assert (filled.event.price, filled.event.fee, filled.event.margin, filled.event.released) == (  # type: ignore[attr-defined]
        D("94.5"),
        D("0.10"),
        D("18.90"),
        D("19.10"),
    )
    assert cash_held_reserved(store, alice) == (D("981.00"), D("0.00"), D("18.90"))
    position = store.repository.get(filled.event.position_id)  # type: ignore[attr-defined]
    assert (position.entry_price, position.quantity, position.side) == (D("94.5"), D("1"), Side.LONG)


def test_a_stop_short_fills_at_the_first_tick_at_or_below_its_stop(store, read_models, trading, traders, orders, clock):
    [bob] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    place(orders, bob, OrderType.STOP, Side.SHORT, stop="90")
    tick(trading, clock, "91", "120", "89")
    follow(store, read_models)
    [filled] = logged(store, topics=("trading.Order.Filled",))
    assert filled.event.price == D("89")  # type: ignore[attr-defined]


def test_orders_one_tick_reaches_fill_in_the_order_they_were_placed(
    store, read_models, trading, traders, orders, clock
):
    alice, bob, carol = traders(3)
    trading.record_price(BTC, D("100"), CTX)
    second = place(orders, bob, OrderType.LIMIT, Side.LONG, limit="97")["order_id"]
    first = place(orders, alice, OrderType.LIMIT, Side.LONG, limit="95")["order_id"]
    third = place(orders, carol, OrderType.STOP, Side.SHORT, stop="96")["order_id"]
    tick(trading, clock, "94")
    follow(store, read_models)
    assert [str(e.originator_id) for e in logged(store, topics=("trading.Order.Filled",))] == [second, first, third]


def test_a_resting_order_needs_the_cash_for_its_reservation(store, trading, traders, orders):
    [dave] = traders(1, cash="19.09")
    trading.record_price(BTC, D("100"), CTX)
    before = logged(store)
    with pytest.raises(InsufficientFunds):
        place(orders, dave, OrderType.LIMIT, Side.LONG, limit="95")  # needs 19.10
    assert logged(store) == before


def test_a_market_order_adds_to_a_position_at_the_weighted_entry_price(store, trading, traders, orders):
    [erin] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    position_id = UUID(trading.open_position(erin, BTC, Side.LONG, D("1"), 2, CTX).body["position_id"])
    trading.record_price(BTC, D("101"), CTX)
    # Adding 2 at 101: entry (100 + 202) / 3 = 100.666… → 100.66666667; fee 0.202 → 0.21; margin 202 / 2 = 101.00
    body = place(orders, erin, OrderType.MARKET, Side.LONG, "2", position_id=position_id)
    assert (body["status"], body["position_id"]) == ("filled", str(position_id))
    position = store.repository.get(position_id)
    assert (position.quantity, position.entry_price, position.margin, position.fee) == (
        D("3"),
        D("100.66666667"),
        D("151.00"),
        D("0.31"),
    )
    # cash 1000 − 50.00 − 0.10 − 101.00 − 0.21
    assert cash_held_reserved(store, erin) == (D("848.69"), D("0.00"), D("151.00"))
    with pytest.raises(PositionMismatch):
        place(orders, erin, OrderType.MARKET, Side.SHORT, position_id=position_id)


def test_an_ioc_limit_not_reachable_now_is_cancelled_and_its_reservation_released(store, trading, traders, orders):
    [fay] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    body = place(orders, fay, OrderType.LIMIT, Side.LONG, limit="95", time_in_force=TimeInForce.IOC)
    assert body["status"] == "cancelled"
    assert cash_held_reserved(store, fay) == (D("1000.00"), D("0.00"), D("0.00"))
    # ...while one the price already reaches fills now, at the latest price
    body = place(orders, fay, OrderType.LIMIT, Side.LONG, limit="105", time_in_force=TimeInForce.IOC)
    assert (body["status"], body["fill_price"]) == ("filled", "100")


def test_cancel_releases_once_and_only_the_owner_may_cancel(store, trading, traders, orders):
    gus, hal = traders(2)
    trading.record_price(BTC, D("100"), CTX)
    order_id = UUID(place(orders, gus, OrderType.LIMIT, Side.LONG, limit="95")["order_id"])
    with pytest.raises(NotFound):
        orders.cancel(hal, order_id, CTX)
    orders.cancel(gus, order_id, CTX)
    assert cash_held_reserved(store, gus) == (D("1000.00"), D("0.00"), D("0.00"))
    with pytest.raises(OrderNotOpen):
        orders.cancel(gus, order_id, CTX)
    assert len(logged(store, topics=("trading.Wallet.OrderReleased",))) == 1


def test_a_fill_the_rules_refuse_cancels_the_order_with_that_rule(store, read_models, trading, traders, orders, clock):
    # A stop long reserves at its stop but fills higher: here the cash no longer covers it
    [ian] = traders(1, cash="20.21")
    trading.record_price(BTC, D("100"), CTX)
    order_id = place(orders, ian, OrderType.STOP, Side.LONG, stop="100.5")["order_id"]  # reserves 20.10 + 0.11
    # ...filling at 119 would cost 23.80 + 0.12
    tick(trading, clock, "119")
    follow(store, read_models)
    [cancelled] = logged(store, topics=("trading.Order.Cancelled",))
    assert (str(cancelled.originator_id), cancelled.event.reason) == (order_id, "insufficient_funds")  # type: ignore[attr-defined]
    assert cash_held_reserved(store, ian) == (D("20.21"), D("0.00"), D("0.00"))


def race(runner, user: UUID, order_id: UUID) -> list[str]:
    """The owner's cancel and the policy's fill of one order, started together on two connections."""
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def cancel() -> None:
        barrier.wait()
        try:
            OrderService(runner).cancel(user, order_id, CTX)
            outcomes.append("cancelled")
        except OrderNotOpen:
            outcomes.append("cancel refused")

    def fill() -> None:
        barrier.wait()
        try:
            OrderService(runner).fill_triggered(order_id, D("94"), CTX)
            outcomes.append("filled")
        except OrderNotOpen:
            outcomes.append("fill refused")

    threads = [threading.Thread(target=cancel), threading.Thread(target=fill)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_exactly_one_of_a_cancel_and_a_fill_racing_wins(store, trading, traders, orders, runner):
    trading.record_price(BTC, D("100"), CTX)
    for _ in range(4):
        [jo] = traders(1)
        order_id = UUID(place(orders, jo, OrderType.LIMIT, Side.LONG, limit="95")["order_id"])
        assert race(runner, jo, order_id) in (["cancel refused", "filled"], ["cancelled", "fill refused"])
        ended = [
            e
            for e in logged(store, topics=("trading.Order.Filled", "trading.Order.Cancelled"))
            if e.originator_id == order_id
        ]
        assert len(ended) == 1
        cash, held, reserved = cash_held_reserved(store, jo)
        assert held == D("0.00")
        # cancelled: all back; filled at 94: margin 18.80, fee 0.10
        assert (cash, reserved) in ((D("1000.00"), D("0.00")), (D("981.10"), D("18.80")))


def test_nothing_fills_twice_when_the_policy_replays_from_zero(store, read_models, trading, traders, orders, clock):
    [kim] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    place(orders, kim, OrderType.LIMIT, Side.LONG, limit="95", exits=Exits(D("90"), None, None))
    tick(trading, clock, "94", "99", "94")
    follow(store, read_models)
    before = logged(store)
    replay_from_zero(read_models, LiquidationPolicy.name)
    follow(store, read_models)
    assert logged(store) == before
    assert len(logged(store, topics=("trading.Order.Filled",))) == 1
    # ...and the order's exits are on the position it opened
    [exits] = logged(store, topics=("trading.Position.ExitsSet",))
    assert exits.event.stop_loss == D("90")  # type: ignore[attr-defined]


def test_a_gtd_order_expires_at_the_first_tick_at_or_after_its_time_before_it_could_fill(
    store, read_models, trading, traders, orders, clock
):
    [lou] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    expires_at = clock.instant + timedelta(minutes=3)
    order_id = place(
        orders, lou, OrderType.LIMIT, Side.LONG, limit="95", time_in_force=TimeInForce.GTD, expires_at=expires_at
    )["order_id"]
    tick(trading, clock, "96")  # +1 min: not reached, not expired
    follow(store, read_models)
    assert cash_held_reserved(store, lou) == (D("980.90"), D("19.10"), D("0.00"))
    tick(trading, clock, "97", "94")  # +2 min, +3 min: the tick at its time would fill it, but it expired
    follow(store, read_models)
    [ended] = logged(store, topics=("trading.Order.Cancelled", "trading.Order.Filled"))
    assert (str(ended.originator_id), ended.topic, ended.event.reason) == (  # type: ignore[attr-defined]
        order_id,
        "trading.Order.Cancelled",
        "expired",
    )
    assert cash_held_reserved(store, lou) == (D("1000.00"), D("0.00"), D("0.00"))


def test_a_gtd_order_needs_a_future_expiry_and_only_gtd_takes_one(store, trading, traders, orders, clock):
    [max_] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    for tif, at in (
        (TimeInForce.GTD, None),
        (TimeInForce.GTD, clock.instant),
        (TimeInForce.GTC, clock.instant + timedelta(minutes=1)),
    ):
        with pytest.raises(InvalidOrder):
            place(orders, max_, OrderType.LIMIT, Side.LONG, limit="95", time_in_force=tif, expires_at=at)
