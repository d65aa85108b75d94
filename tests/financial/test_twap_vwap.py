"""TWAP and VWAP orders on the real store: cut into slices, each slice a market fill into one position, holds
released slice by slice, a redelivered slice filled once, cancel, refusals at placement, VWAP weights from the
market read model's candles, and the orders read model (incremental equals rebuilt)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest
from psycopg import sql

from aggregates.errors import BelowMinNotional, InsufficientFunds
from aggregates.money import Side
from aggregates.trading.order import InvalidOrder, OrderNotOpen, OrderType, SliceAlreadyFilled
from aggregates.trading.slicing import InvalidSlicing
from jobs.orders import fill_slice_if_due
from projections.market.projection import MarketProjection
from projections.market.statements import CANDLES
from projections.orders.projection import OrdersProjection
from projections.orders.statements import ORDERS, SLICES
from projections.orders.view import OrdersView
from projections.runtime import ReadModels, migrate
from projections.runtime.base import Tables
from query_api.schemas.orders import OrderView
from services.algorithms import AlgorithmOrders
from services.commands import CommandRunner
from services.orders import OrderService, OrderSpec
from services.volume_profile import CANDLES_TABLE, CandleVolumes
from tests.financial.support import CTX, catch_up, logged, wallet

BTC = "BTC-USD"


@pytest.fixture
def orders(runner: CommandRunner) -> OrderService:
    return OrderService(runner)


def twap(
    orders: OrderService,
    user: UUID,
    quantity: str = "3",
    *,
    slices: int = 3,
    duration: int = 60,
    type_: OrderType = OrderType.TWAP,
    leverage: int = 2,
) -> dict:
    spec = OrderSpec(type_, BTC, Side.LONG, D(quantity), leverage, duration_seconds=duration, slices=slices)
    return orders.place(user, spec, CTX).body


def fill(store, clock, order_id: str, index: int) -> int:
    return fill_slice_if_due(store, UUID(order_id), index, clock=clock)


def test_a_twap_holds_each_slices_margin_and_fee_and_fills_them_into_one_position_at_their_prices(
    store, trading, traders, orders, clock
):
    [amy] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    # 3 over 60 s in 3 slices of 1, 20 s apart; each holds 50.00 margin + 0.10 fee at 100
    body = twap(orders, amy)
    assert (body["status"], body["reserved"]) == ("open", "150.30")
    assert (wallet(store, amy).cash, wallet(store, amy).held) == (D("849.70"), D("150.30"))
    order_id = body["order_id"]
    # Slice 0 is due now; slice 1 not before 20 s (the job is told how long to wait)
    assert fill(store, clock, order_id, 0) == 0
    assert fill(store, clock, order_id, 1) == 20_000
    clock.advance(seconds=20)
    trading.record_price(BTC, D("103"), CTX)
    assert fill(store, clock, order_id, 1) == 0
    clock.advance(seconds=20)
    trading.record_price(BTC, D("106"), CTX)
    assert fill(store, clock, order_id, 2) == 0
    slices = logged(store, topics=("trading.Order.SliceFilled",))
    assert [(e.event.index, e.event.price, e.event.fee, e.event.margin, e.event.released) for e in slices] == [  # type: ignore[attr-defined]
        (0, D("100"), D("0.10"), D("50.00"), D("50.10")),
        (1, D("103"), D("0.11"), D("51.50"), D("50.10")),
        (2, D("106"), D("0.11"), D("53.00"), D("50.10")),
    ]
    [position_id] = {e.event.position_id for e in slices}  # type: ignore[attr-defined]
    position = store.repository.get(position_id)
    # One position: opened by slice 0, increased by the others; entry (100 + 103 + 106) / 3
    assert (position.quantity, position.entry_price, position.margin) == (D("3"), D("103"), D("154.50"))
    order = store.repository.get(UUID(order_id))
    assert (order.status.value, order.reserved, order.fill_price) == ("filled", D("0.00"), D("103.00000000"))
    w = wallet(store, amy)
    assert (w.cash, w.held, w.reserved) == (D("1000.00") - D("154.50") - D("0.32"), D("0.00"), D("154.50"))


def test_a_redelivered_slice_fills_once(store, trading, traders, orders, clock):
    [bo] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    order_id = twap(orders, bo)["order_id"]
    assert fill(store, clock, order_id, 0) == 0
    before = logged(store)
    assert fill(store, clock, order_id, 0) == 0  # the same job again: its idempotency key answers
    with pytest.raises(SliceAlreadyFilled):  # ...and a new command for the same slice is refused
        AlgorithmOrders(orders).fill_slice(UUID(order_id), 0, CTX)
    assert logged(store) == before


def test_cancel_ends_the_remaining_slices_and_releases_what_they_hold(store, trading, traders, orders, clock):
    [cy] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    order_id = twap(orders, cy)["order_id"]
    fill(store, clock, order_id, 0)
    body = orders.cancel(cy, UUID(order_id), CTX).body
    assert body["status"] == "cancelled"
    w = wallet(store, cy)
    assert (w.cash, w.held, w.reserved) == (D("949.90"), D("0.00"), D("50.00"))
    clock.advance(seconds=20)
    assert fill(store, clock, order_id, 1) == 0  # its job comes anyway: nothing fills
    with pytest.raises(OrderNotOpen):
        AlgorithmOrders(orders).fill_slice(UUID(order_id), 1, CTX)
    assert len(logged(store, topics=("trading.Order.SliceFilled",))) == 1


def test_a_slice_the_cash_no_longer_covers_cancels_the_rest(store, trading, traders, orders, clock):
    [di] = traders(1, cash="101.00")
    trading.record_price(BTC, D("100"), CTX)
    order_id = twap(orders, di, "2", slices=2, leverage=2)["order_id"]  # holds 2 × 50.10
    fill(store, clock, order_id, 0)
    clock.advance(seconds=30)
    trading.record_price(BTC, D("110"), CTX)  # slice 1 now costs 55.00 + 0.11 > 50.10 + 0.80 free
    fill(store, clock, order_id, 1)
    assert store.repository.get(UUID(order_id)).status.value == "cancelled"
    [cancelled] = logged(store, topics=("trading.Order.Cancelled",))
    assert (cancelled.event.reason, cancelled.event.released) == ("insufficient_funds", D("50.10"))  # type: ignore[attr-defined]
    w = wallet(store, di)
    assert (w.cash, w.held, w.reserved) == (D("50.90"), D("0.00"), D("50.00"))


def test_placement_refuses_slices_off_step_below_the_minimum_or_out_of_range(store, trading, traders, orders):
    [ed] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    before = logged(store)
    with pytest.raises(BelowMinNotional):  # 0.15 in 2 slices: 0.075 × 100 = 7.50 < 10.00
        twap(orders, ed, "0.15", slices=2)
    with pytest.raises(InvalidSlicing):
        twap(orders, ed, "3", slices=101)
    with pytest.raises(InvalidSlicing):
        twap(orders, ed, "3", duration=59)
    with pytest.raises(InsufficientFunds):
        twap(orders, ed, "30", leverage=1)
    with pytest.raises(InvalidOrder):  # duration and slices both needed
        orders.place(ed, OrderSpec(OrderType.TWAP, BTC, Side.LONG, D("3"), 1, slices=3), CTX)
    assert logged(store) == before


def test_the_last_slice_takes_the_remainder_on_the_quantity_step(store, trading, traders, orders):
    [fa] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    twap(orders, fa, "1", slices=3)
    [scheduled] = logged(store, topics=("trading.Order.Scheduled",))
    # Cut on the default 8-decimal step
    assert scheduled.event.slices == [D("0.33333333"), D("0.33333333"), D("0.33333334")]  # type: ignore[attr-defined]
    assert scheduled.event.interval_ms == 20_000  # type: ignore[attr-defined]


@pytest.fixture
def market_models(read_models: ReadModels) -> ReadModels:
    migrate(read_models, [MarketProjection(), OrdersProjection()])
    return read_models


def test_vwap_weights_slices_by_volume_per_hour_of_day_over_the_last_week(
    store, market_models, trading, traders, runner, clock
):
    assert CANDLES_TABLE == CANDLES  # the command side reads the market read model's table by this name
    [gil] = traders(1, cash="100000.00")
    # Over the past week: 3 traded in the 12:00 hour, 1 in the 13:00 hour (UTC)
    now = clock.instant  # 2026-01-05 12:00
    for at, volume in (
        (now - timedelta(days=2), "2"),
        (now - timedelta(days=1), "1"),
        (now - timedelta(days=1, minutes=-60), "1"),
    ):
        clock.set(at)
        trading.record_price(BTC, D("100"), CTX, volume=D(volume))
    clock.set(now)
    trading.record_price(BTC, D("100"), CTX)
    catch_up(store, market_models, MarketProjection())
    volumes = CandleVolumes(store, market_models.schema_for(MarketProjection))
    assert volumes(BTC, now) == {12: D("3"), 13: D("1")}
    orders = OrderService(runner, volumes=volumes)
    # 2 hours, 2 slices: one at 12:00 (weight 3), one at 13:00 (weight 1)
    orders.place(gil, OrderSpec(OrderType.VWAP, BTC, Side.LONG, D("4"), 1, duration_seconds=7200, slices=2), CTX)
    [scheduled] = logged(store, topics=("trading.Order.Scheduled",))
    assert (scheduled.event.slices, scheduled.event.weighted_by) == ([D("3"), D("1")], "volume")  # type: ignore[attr-defined]
    # No volume for the symbol in those hours: TWAP
    trading.record_price("ETH-USD", D("100"), CTX)
    orders.place(gil, OrderSpec(OrderType.VWAP, "ETH-USD", Side.LONG, D("4"), 1, duration_seconds=7200, slices=2), CTX)
    [_, fallback] = logged(store, topics=("trading.Order.Scheduled",))
    assert (fallback.event.slices, fallback.event.weighted_by) == ([D("2"), D("2")], "time")  # type: ignore[attr-defined]


def test_the_orders_read_model_shows_each_slice_and_the_average_price_and_equals_its_rebuild(
    store, market_models, trading, traders, orders, clock
):
    [hu] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    order_id = twap(orders, hu, slices=3)["order_id"]
    fill(store, clock, order_id, 0)
    clock.advance(seconds=20)
    trading.record_price(BTC, D("101"), CTX)
    fill(store, clock, order_id, 1)
    catch_up(store, market_models, OrdersProjection())
    view, tables = OrdersView(), market_models.tables_for(OrdersProjection)
    with market_models.connect() as conn:
        live = view.order(conn, tables, UUID(order_id))
    assert live is not None
    assert (live["status"], live["slices"], live["filled_slices"], live["filled_quantity"], live["reserved"]) == (
        "open",
        3,
        2,
        D("2"),
        D("50.10"),
    )
    assert [(f["index"], f["price"]) for f in live["slice_fills"]] == [(0, D("100")), (1, D("101"))]
    assert OrderView.of(live).average_fill_price == D("100.50000000")
    # A rebuild from position 0 into fresh tables holds exactly the rows the live worker wrote
    rebuilt = Tables(tables.schema, "__rebuild")
    with market_models.connect() as conn:
        for statement in OrdersProjection().create_tables(rebuilt):
            conn.execute(statement)
    apply_log_into(store, market_models, OrdersProjection(), rebuilt)
    assert dump(market_models, rebuilt) == dump(market_models, tables)


def apply_log_into(store, models: ReadModels, projection: OrdersProjection, tables: Tables) -> None:
    with models.connect() as conn, conn.transaction(), conn.cursor() as cur:
        for event in logged(store, topics=projection.topics):
            projection.apply(cur, tables, event)


def dump(models: ReadModels, tables: Tables) -> tuple[list, list]:
    with models.connect() as conn:
        orders = conn.execute(sql.SQL("SELECT * FROM {} ORDER BY order_id").format(tables[ORDERS])).fetchall()
        slices = conn.execute(sql.SQL("SELECT * FROM {} ORDER BY order_id, index").format(tables[SLICES])).fetchall()
    return orders, slices
