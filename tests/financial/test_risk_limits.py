"""Risk limits on the real store: the open-notional limit across opens and orders, race-free; the daily loss limit
recorded by its policy from closes, partial closes and liquidations, refusing entries until the next UTC day."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.money import Side
from aggregates.trading.order import OrderType
from aggregates.trading.risk import RiskLimitExceeded
from aggregates.trading.wallet import Wallet
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.risk import DailyLossPolicy
from projections.runtime import ReadModels, migrate
from services.orders import OrderService, OrderSpec
from services.risk import LimitChange, RiskService, open_notional
from tests.financial.support import CTX, catch_up, logged, replay_from_zero, wallet

BTC = "BTC-USD"


@pytest.fixture
def orders(runner) -> OrderService:
    return OrderService(runner)


@pytest.fixture
def risk(runner) -> RiskService:
    return RiskService(runner)


@pytest.fixture
def risk_models(read_models: ReadModels) -> ReadModels:
    migrate(read_models, [DailyLossPolicy()])
    return read_models


def limit(risk: RiskService, user: UUID, notional: str | None = None, daily_loss: str | None = None) -> None:
    risk.set_limits(
        user, LimitChange(None if notional is None else D(notional), None if daily_loss is None else D(daily_loss)), CTX
    )


def registered(users, name: str, trading) -> UUID:
    user = UUID(users.register(name, f"{name}@example.com", "pw-1234567890", CTX).body["user_id"])
    trading.deposit(user, D("10000.00"), "USD", CTX)
    return user


def test_opens_and_resting_orders_count_toward_the_open_notional_limit_and_closing_frees_it(
    store, users, trading, orders, risk
):
    amy = registered(users, "amy", trading)
    trading.record_price(BTC, D("100"), CTX)
    limit(risk, amy, notional="1000.00")
    position_id = UUID(trading.open_position(amy, BTC, Side.LONG, D("4"), 2, CTX).body["position_id"])  # 400
    orders.place(amy, OrderSpec(OrderType.LIMIT, BTC, Side.LONG, D("5"), 2, limit_price=D("90")), CTX)  # 450
    assert open_notional(store, wallet(store, amy)) == D("850")
    # 850 + 1.51 × 100 = 1,001 > 1,000: refused, nothing written
    before = logged(store)
    with pytest.raises(RiskLimitExceeded):
        trading.open_position(amy, BTC, Side.SHORT, D("1.51"), 1, CTX)
    with pytest.raises(RiskLimitExceeded):
        orders.place(amy, OrderSpec(OrderType.MARKET, BTC, Side.LONG, D("1.51"), 1), CTX)
    assert logged(store) == before
    trading.open_position(amy, BTC, Side.SHORT, D("1.5"), 1, CTX)  # exactly 1,000: allowed
    # A partial close frees its part: 2 of the 4 at entry 100 → 200 free
    trading.close_position(amy, position_id, CTX, quantity=D("2"))
    assert open_notional(store, wallet(store, amy)) == D("800")
    trading.open_position(amy, BTC, Side.LONG, D("2"), 1, CTX)


def test_removing_the_limit_lets_entries_through(store, users, trading, risk):
    bo = registered(users, "bo", trading)
    trading.record_price(BTC, D("100"), CTX)
    limit(risk, bo, notional="100.00")
    with pytest.raises(RiskLimitExceeded):
        trading.open_position(bo, BTC, Side.LONG, D("2"), 1, CTX)
    limit(risk, bo)
    trading.open_position(bo, BTC, Side.LONG, D("2"), 1, CTX)


def test_two_concurrent_opens_never_both_pass_the_open_notional_limit(store, users, trading, risk, runner):
    trading.record_price(BTC, D("100"), CTX)
    for round_ in range(4):
        cy = registered(users, f"cy{round_}", trading)
        limit(risk, cy, notional="1000.00")
        # Each 600 fits alone; both would make 1,200
        assert sorted(race_two_opens(trading, cy)) == ["opened", "risk_limit"]
        assert open_notional(store, wallet(store, cy)) == D("600")


def race_two_opens(trading, user: UUID) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def open_600() -> None:
        barrier.wait()
        try:
            trading.open_position(user, BTC, Side.LONG, D("6"), 10, CTX)
            outcomes.append("opened")
        except RiskLimitExceeded:
            outcomes.append("risk_limit")

    threads = [threading.Thread(target=open_600) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_a_day_of_losses_reaching_the_limit_records_one_hit_and_refuses_entries_until_the_next_utc_day(
    store, risk_models, users, trading, orders, risk, clock
):
    dee = registered(users, "dee", trading)
    trading.record_price(BTC, D("100"), CTX)
    limit(risk, dee, daily_loss="30.00")
    # A partial close losing 10.10 net (2 of 4 at 95; fees 0.20 open share + 0.19), then a final close at 95
    first = UUID(trading.open_position(dee, BTC, Side.LONG, D("4"), 1, CTX).body["position_id"])
    clock.advance(minutes=1)
    trading.record_price(BTC, D("95"), CTX)
    partial = trading.close_position(dee, first, CTX, quantity=D("2")).body
    rest = trading.close_position(dee, first, CTX).body
    net = D(partial["net_pnl"]) + D(rest["net_pnl"])
    assert net == D("-20.78")  # gross −20.00, fees 0.40 open + 0.38 close
    catch_up(store, risk_models, DailyLossPolicy())
    assert logged(store, topics=("trading.RiskProfile.RiskLimitHit",)) == []
    # A liquidation takes it past 30: long 1 at 95, 10x, liquidated at 85 (−9.50 margin, fee 0.10)
    trading.open_position(dee, BTC, Side.LONG, D("1"), 10, CTX)
    clock.advance(minutes=1)
    trading.record_price(BTC, D("85"), CTX, force=True)
    catch_up(store, risk_models, LiquidationPolicy())
    catch_up(store, risk_models, DailyLossPolicy())
    [hit] = logged(store, topics=("trading.RiskProfile.RiskLimitHit",))
    assert (hit.event.day, hit.event.loss) == ("2026-01-05", D("30.38"))  # type: ignore[attr-defined]
    # Entries are refused, closes are not; a further loss records nothing more; replaying records nothing more
    with pytest.raises(RiskLimitExceeded):
        trading.open_position(dee, BTC, Side.LONG, D("1"), 1, CTX)
    with pytest.raises(RiskLimitExceeded):
        orders.place(dee, OrderSpec(OrderType.LIMIT, BTC, Side.LONG, D("1"), 1, limit_price=D("80")), CTX)
    replay_from_zero(risk_models, DailyLossPolicy.name)
    catch_up(store, risk_models, DailyLossPolicy())
    assert len(logged(store, topics=("trading.RiskProfile.RiskLimitHit",))) == 1
    # The next UTC day: entries again
    clock.set(clock.instant.replace(hour=0, minute=0) + timedelta(days=1))
    trading.open_position(dee, BTC, Side.LONG, D("1"), 1, CTX)


def test_a_daily_loss_limit_set_below_todays_loss_takes_effect_at_once(store, risk_models, users, trading, risk, clock):
    eve = registered(users, "eve", trading)
    trading.record_price(BTC, D("100"), CTX)
    position = UUID(trading.open_position(eve, BTC, Side.SHORT, D("1"), 1, CTX).body["position_id"])
    clock.advance(minutes=1)
    trading.record_price(BTC, D("120"), CTX, force=True)
    trading.close_position(eve, position, CTX)  # −20 − 0.10 − 0.12
    limit(risk, eve, daily_loss="20.00")
    catch_up(store, risk_models, DailyLossPolicy())
    [hit] = logged(store, topics=("trading.RiskProfile.RiskLimitHit",))
    assert hit.event.loss == D("20.22")  # type: ignore[attr-defined]
    with pytest.raises(RiskLimitExceeded):
        trading.open_position(eve, BTC, Side.LONG, D("1"), 1, CTX)


def test_a_wallet_snapshot_keeps_what_is_open_and_one_from_before_the_books_is_replayed(store, users, trading, risk):
    fay = registered(users, "fay", trading)
    trading.record_price(BTC, D("100"), CTX)
    trading.open_position(fay, BTC, Side.LONG, D("3"), 2, CTX)
    OrderService(trading.runner).place(
        fay, OrderSpec(OrderType.LIMIT, BTC, Side.SHORT, D("1"), 1, limit_price=D("110")), CTX
    )
    wallet_id = wallet(store, fay).id
    # A snapshot now (JSON: the books are keyed by the ids as strings) loads the same books
    store.take_snapshot(wallet_id)
    [snapshot] = list(store.snapshots.get(wallet_id))
    loaded = snapshot.mutate(None)
    assert (loaded.open_margins, loaded.order_holds) == (
        wallet(store, fay).open_margins,
        wallet(store, fay).order_holds,
    )
    assert len(loaded.open_margins) == 1 and len(loaded.order_holds) == 1
    # A snapshot from before the books (v1 state) is upcast to "unknown": the check replays the events
    state = {k: v for k, v in vars(loaded).items() if k not in ("open_margins", "order_holds")}
    Wallet.upcast_v1_v2(state)
    old = object.__new__(Wallet)
    old.__dict__.update(state)
    assert old.open_margins is None
    trading.deposit(fay, D("1.00"), "USD", CTX)  # one more event: the replay is at a version not yet snapshotted
    assert open_notional(store, old) == D("410")
    # ...and it left a snapshot with the books, so the next load needs no replay
    latest = list(store.snapshots.get(wallet_id, desc=True, limit=1))[0].mutate(None)
    assert (latest.version, latest.open_margins) == (wallet(store, fay).version, wallet(store, fay).open_margins)
