"""The liquidation policy on the real runtime: exact prices, gaps long and short, once per position."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.financial.insurance_fund import INSURANCE_FUND_ID
from aggregates.money import Side
from event_store.metadata import metadata_of
from projections.policies.liquidation import LiquidationPolicy
from tests.financial.support import CTX, catch_up, logged, replay_from_zero, rows, wallet
from tests.support import SteppingClock


@dataclass(frozen=True)
class Book:
    alice: UUID
    bob: UUID
    positions: dict[str, UUID]
    ticks: dict[str, int]  # price → log position of its tick


def opened(trading, user: UUID, symbol: str, side: Side, quantity: str, leverage: int) -> UUID:
    return UUID(trading.open_position(user, symbol, side, D(quantity), leverage, CTX).body["position_id"])


@pytest.fixture
def book(trading, traders, clock: SteppingClock) -> Book:
    """BTC at 100: longs liquidating at 90 and 80, shorts at 110 and 125; an ETH long at 1800."""
    alice, bob = traders(2, cash="10000.00")
    trading.record_price("BTC-USD", D("100"), CTX)
    trading.record_price("ETH-USD", D("2000"), CTX)
    positions = {
        "long_90": opened(trading, alice, "BTC-USD", Side.LONG, "1", 10),  # margin 10.00, fee 0.10
        "long_80": opened(trading, bob, "BTC-USD", Side.LONG, "1", 5),  # margin 20.00, fee 0.10
        "short_110": opened(trading, alice, "BTC-USD", Side.SHORT, "2", 10),  # margin 20.00, fee 0.20
        "short_125": opened(trading, bob, "BTC-USD", Side.SHORT, "1", 4),  # margin 25.00, fee 0.10
        "eth_long": opened(trading, alice, "ETH-USD", Side.LONG, "1", 10),  # liquidation price 1800
    }
    ticks = {}
    for price in ("90.01", "90", "75", "109.99", "110", "130", "1900"):
        clock.advance(minutes=1)
        # Gaps beyond the 20 % band (75 → 109.99, 130 → 1900) take an admin's forced tick.
        ticks[price] = trading.record_price("BTC-USD", D(price), CTX, force=True).position
    return Book(alice, bob, positions, ticks)


def liquidations(store) -> dict[UUID, tuple[D, D, D, D, D]]:
    found = {}
    for e in logged(store, topics=("trading.Position.Liquidated",)):
        ev = e.event
        found[e.originator_id] = (ev.exit_price, ev.gross_pnl, ev.fee, ev.net_pnl, ev.uncovered_loss)  # type: ignore[attr-defined]
    return found


def follow(store, read_models) -> None:
    """Run the policy over the log, and again over the liquidations it wrote (they leave the watch)."""
    catch_up(store, read_models, LiquidationPolicy())
    catch_up(store, read_models, LiquidationPolicy())


def test_each_reached_position_is_liquidated_once_at_its_ticks_price_with_gaps_to_the_insurance_fund(
    store, read_models, book: Book
):
    # When the policy follows the ticks
    follow(store, read_models)
    # Then each BTC position is liquidated at the first tick at or beyond its price, losing exactly its margin
    p = book.positions
    assert liquidations(store) == {
        p["long_90"]: (D("90"), D("-10.00"), D("0.00"), D("-10.10"), D("0.00")),  # exactly at 90
        p["long_80"]: (D("75"), D("-20.00"), D("0.00"), D("-20.10"), D("5.00")),  # gap: 25 lost, 5 uncovered
        p["short_110"]: (D("110"), D("-20.00"), D("0.00"), D("-20.20"), D("0.00")),  # exactly at 110
        p["short_125"]: (D("130"), D("-25.00"), D("0.00"), D("-25.10"), D("5.00")),  # gap: 30 lost, 5 uncovered
    }
    # ...with no Closed event (XP is earned from Position.Closed only), and not the ETH position
    assert logged(store, topics=("trading.Position.Closed",)) == []
    covered = [
        (e.event.position_id, e.event.amount)  # type: ignore[attr-defined]
        for e in logged(store, topics=("financial.InsuranceFund.LossCovered",))
    ]
    assert covered == [(p["long_80"], D("5.00")), (p["short_125"], D("5.00"))]
    assert store.repository.get(INSURANCE_FUND_ID).covered == D("10.00")
    # ...the margins are forfeited, cash untouched by the liquidation
    assert (wallet(store, book.alice).cash, wallet(store, book.alice).reserved) == (D("9767.70"), D("200.00"))
    assert (wallet(store, book.bob).cash, wallet(store, book.bob).reserved) == (D("9954.80"), D("0.00"))
    # ...and only the ETH position is still watched
    assert rows(read_models, "SELECT position_id FROM {s}.liquidation_watch") == [(p["eth_long"],)]


def test_each_liquidation_is_caused_by_and_stamped_with_its_tick(store, read_models, book: Book):
    follow(store, read_models)
    ticks = {e.position: e.timestamp for e in logged(store, topics=("trading.MarketPrice.Ticked",))}
    for e in logged(store, topics=("trading.Position.Liquidated",)):
        meta = metadata_of(e.event)
        trigger = book.ticks[str(e.event.exit_price)]  # type: ignore[attr-defined]
        assert (meta["actor"], meta["causation_id"]) == ("policy:liquidation", str(trigger))
        assert e.timestamp == ticks[trigger]


def test_nothing_is_liquidated_twice_when_the_policy_replays_from_zero(store, read_models, book: Book):
    follow(store, read_models)
    before = logged(store)
    replay_from_zero(read_models, LiquidationPolicy.name)
    follow(store, read_models)
    assert logged(store) == before


def test_the_owners_close_wins_and_the_policy_swallows_the_refusal_when_closed_before_the_policy_reacts(
    store, read_models, trading, traders
):
    # Given a long that a tick reaches, closed by its owner before the policy has seen that tick
    [carol] = traders(1)
    trading.record_price("SOL-USD", D("100"), CTX)
    position_id = opened(trading, carol, "SOL-USD", Side.LONG, "1", 10)  # liquidation price 90
    trading.record_price("SOL-USD", D("89"), CTX)
    trading.close_position(carol, position_id, CTX)  # gross capped at -10.00
    # When the policy follows the log
    follow(store, read_models)
    # Then the close stands, nothing is liquidated, and the policy moved on
    assert liquidations(store) == {}
    assert len(logged(store, topics=("trading.Position.Closed",))) == 1
    assert rows(read_models, "SELECT count(*) FROM {s}.liquidation_watch") == [(0,)]


def test_a_replay_never_liquidates_at_a_tick_older_than_the_position(store, read_models, trading, traders):
    # Given a tick at 50, then a long opened at 100 (liquidation price 90) that no later tick reaches
    [dave] = traders(1)
    for price in ("100", "50", "100"):
        trading.record_price("ADA-USD", D(price), CTX, force=True)  # 50 % moves: an admin's forced ticks
    opened(trading, dave, "ADA-USD", Side.LONG, "1", 10)
    follow(store, read_models)
    # When the policy replays from 0 over its watch table as it is now (the long still watched)
    replay_from_zero(read_models, LiquidationPolicy.name)
    follow(store, read_models)
    # Then the old tick at 50 does not reach the younger position
    assert liquidations(store) == {}
