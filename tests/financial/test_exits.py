"""Exits fired by the trigger policy (the liquidation policy, extended) on the real runtime: stop loss, take
profit and trailing stop at the triggering tick's price, liquidation first, once, also on replay."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

from aggregates.money import Side
from projections.policies.liquidation import LiquidationPolicy
from services.trading import Exits
from tests.financial.support import CTX, catch_up, logged, replay_from_zero, rows, wallet
from tests.support import SteppingClock


def opened(trading, user: UUID, side: Side, quantity: str = "1", leverage: int = 2, symbol: str = "BTC-USD") -> UUID:
    return UUID(trading.open_position(user, symbol, side, D(quantity), leverage, CTX).body["position_id"])


def follow(store, read_models) -> None:
    """Run the policy over the log, and again over what it wrote (closed positions leave the watch)."""
    catch_up(store, read_models, LiquidationPolicy())
    catch_up(store, read_models, LiquidationPolicy())


def ends(store) -> dict[UUID, tuple[str, D, D, D, D]]:
    """Each position's end: (how, exit price, gross, closing fee, net)."""
    found = {}
    for e in logged(store, topics=("trading.Position.Closed", "trading.Position.Liquidated")):
        ev = e.event
        how = getattr(ev, "ended_by", "liquidated")
        found[e.originator_id] = (how, ev.exit_price, ev.gross_pnl, ev.fee, ev.net_pnl)  # type: ignore[attr-defined]
    return found


def tick(trading, clock: SteppingClock, *prices: str, symbol: str = "BTC-USD") -> None:
    for price in prices:
        clock.advance(minutes=1)
        trading.record_price(symbol, D(price), CTX, force=True)


def test_each_exit_fires_at_the_first_tick_reaching_it_at_that_ticks_price_with_the_closing_fee(
    store, read_models, trading, traders, clock: SteppingClock
):
    # Given BTC at 100 and three positions of 1 at 2x (margin 50.00, fee 0.10) with exits
    alice, bob, carol = traders(3)
    trading.record_price("BTC-USD", D("100"), CTX)
    long_stop = opened(trading, alice, Side.LONG)
    trading.set_exits(alice, long_stop, Exits(D("95"), D("120"), None), CTX)
    short_stop = opened(trading, bob, Side.SHORT)
    trading.set_exits(bob, short_stop, Exits(D("105"), D("90"), None), CTX)
    trailing = opened(trading, carol, Side.LONG)
    trading.set_exits(carol, trailing, Exits(None, None, D("10")), CTX)  # starts at 90
    # When the price goes 104, 110, 100, 98.5, 94 and back to 120 and 90
    tick(trading, clock, "104", "110", "100", "98.5", "94", "120", "90")
    follow(store, read_models)
    # Then the short's stop fired at 110, the trailing stop (best 110 → 99) at 98.5, the long's stop at 94
    assert ends(store) == {
        short_stop: ("stop_loss", D("110"), D("-10.00"), D("0.11"), D("-10.21")),
        trailing: ("trailing_stop", D("98.5"), D("-1.50"), D("0.10"), D("-1.70")),  # fee 0.0985 → 0.10
        long_stop: ("stop_loss", D("94"), D("-6.00"), D("0.10"), D("-6.20")),
    }
    # ...in tick order, each releasing its margin with its P&L: alice 1000 − 50.10 + 50 − 6 − 0.10
    closes = [e.originator_id for e in logged(store, topics=("trading.Position.Closed",))]
    assert closes == [short_stop, trailing, long_stop]
    assert (wallet(store, alice).cash, wallet(store, alice).reserved) == (D("993.80"), D("0.00"))
    # ...and the take profits went with their positions: nothing is watched any more
    assert rows(read_models, "SELECT count(*) FROM {s}.exit_watch") == [(0,)]
    assert rows(read_models, "SELECT count(*) FROM {s}.liquidation_watch") == [(0,)]


def test_take_profit_fires_and_a_trailing_stop_never_moves_back(
    store, read_models, trading, traders, clock: SteppingClock
):
    alice, bob = traders(2)
    trading.record_price("ETH-USD", D("100"), CTX)
    profit = opened(trading, alice, Side.SHORT, symbol="ETH-USD")
    trading.set_exits(alice, profit, Exits(None, D("90"), None), CTX)
    trail = opened(trading, bob, Side.SHORT, symbol="ETH-USD")
    trading.set_exits(bob, trail, Exits(None, None, D("5")), CTX)  # a short's trailing stop: 105 above 100
    tick(trading, clock, "95", "99.5", "90.5", symbol="ETH-USD")  # best 95 → 99.75; 99.5 does not reach it
    follow(store, read_models)
    # The trailing level followed the best price down to 90.5 (95.025) and never back up
    assert rows(read_models, "SELECT best_price, trigger_price FROM {s}.exit_watch WHERE kind = 'trailing_stop'") == [
        (D("90.5"), D("95.025"))
    ]
    tick(trading, clock, "90", "95.025", symbol="ETH-USD")
    follow(store, read_models)
    # take profit: gross 100 − 90 = 10.00, fee 0.09, net 9.81; trailing stop at 95.025: gross 4.975 → 4.98
    # (half-even), fee 0.095025 → 0.10 (up), net 4.98 − 0.10 − 0.10
    assert ends(store) == {
        profit: ("take_profit", D("90"), D("10.00"), D("0.09"), D("9.81")),
        trail: ("trailing_stop", D("95.025"), D("4.98"), D("0.10"), D("4.78")),
    }


def test_liquidation_comes_first_on_the_tick_that_reaches_both(
    store, read_models, trading, traders, clock: SteppingClock
):
    [dave] = traders(1)
    trading.record_price("SOL-USD", D("100"), CTX)
    position = opened(trading, dave, Side.LONG, leverage=10, symbol="SOL-USD")  # liquidation 90
    trading.set_exits(dave, position, Exits(D("90.5"), None, None), CTX)
    tick(trading, clock, "89", symbol="SOL-USD")
    follow(store, read_models)
    assert ends(store) == {position: ("liquidated", D("89"), D("-10.00"), D("0.00"), D("-10.10"))}


def test_added_margin_and_a_partial_close_move_the_watched_liquidation_price(
    store, read_models, trading, traders, clock: SteppingClock
):
    # Given a long of 2 at 100, 10x (margin 20.00, liquidation 90), with 20.00 margin added (liquidation 80)
    [erin] = traders(1)
    trading.record_price("ADA-USD", D("100"), CTX)
    position = opened(trading, erin, Side.LONG, quantity="2", leverage=10, symbol="ADA-USD")
    trading.add_margin(erin, position, D("20.00"), CTX)
    trading.close_position(erin, position, CTX, quantity=D("1"))  # 20.00 margin left on 1: liquidation 80
    # When the price falls to 85, then 80
    tick(trading, clock, "85", symbol="ADA-USD")
    follow(store, read_models)
    assert ends(store) == {}
    tick(trading, clock, "80", symbol="ADA-USD")
    follow(store, read_models)
    # Then only 80 liquidates what is left
    assert ends(store) == {position: ("liquidated", D("80"), D("-20.00"), D("0.00"), D("-20.10"))}


def test_nothing_fires_twice_nor_at_an_older_tick_when_the_policy_replays_from_zero(
    store, read_models, trading, traders, clock: SteppingClock
):
    alice, bob = traders(2)
    trading.record_price("BTC-USD", D("100"), CTX)
    fired = opened(trading, alice, Side.LONG)
    trading.set_exits(alice, fired, Exits(D("95"), None, None), CTX)
    tick(trading, clock, "94", "100")
    # ...and a position whose stop is set after an old tick below it, never reached since
    later = opened(trading, bob, Side.LONG)
    trading.set_exits(bob, later, Exits(D("96"), None, D("3")), CTX)
    tick(trading, clock, "99")
    follow(store, read_models)
    before = logged(store)
    replay_from_zero(read_models, LiquidationPolicy.name)
    follow(store, read_models)
    assert logged(store) == before
    assert set(ends(store)) == {fired}


def test_changing_other_exits_keeps_the_trailing_stop_where_its_best_price_put_it(
    store, read_models, trading, traders, clock: SteppingClock
):
    # Given a long with a 10 % trailing stop set at 100 that the price took to 110 (level 99), back at 100
    [gil] = traders(1)
    trading.record_price("XRP-USD", D("100"), CTX)
    position = opened(trading, gil, Side.LONG, symbol="XRP-USD")
    trading.set_exits(gil, position, Exits(None, None, D("10")), CTX)
    tick(trading, clock, "110", "100", symbol="XRP-USD")
    follow(store, read_models)
    # When its owner sets a stop loss only (the trailing stop left out: kept)
    trading.set_exits(gil, position, Exits(D("80"), given=frozenset({"stop_loss"})), CTX)
    [_, kept] = logged(store, topics=("trading.Position.ExitsSet",))
    assert (kept.event.trailing_stop_pct, kept.event.reference_price) == (D("10"), None)  # type: ignore[attr-defined]
    # Then the trailing stop did not move back to 90 (10 % under 100): 98.9 fires it
    tick(trading, clock, "98.9", symbol="XRP-USD")
    follow(store, read_models)
    assert ends(store) == {position: ("trailing_stop", D("98.9"), D("-1.10"), D("0.10"), D("-1.30"))}
