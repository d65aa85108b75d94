"""Partial closes on the P&L boards: their net P&L counts with the position's final close, once the position is
judged fair (an instant position counts nowhere, partials included); rebuild equals incremental."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

from aggregates.money import Side
from projections.leaderboard.boards import Metric, Window
from projections.leaderboard.projection import LeaderboardProjection
from projections.runtime import rebuild
from projections.runtime.config import ReadModels
from tests.leaderboard.support import CTX, World, dump, standings

D = Decimal
MONDAY = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BTC = "BTC-USD"


def partly_closed(world: World, user: UUID, hold_seconds: float = 60) -> None:
    """Long 2 at 100; half closed at 110 (+10.00 − 0.10 share of the 0.20 opening fee − 0.11 = 9.79), then the
    rest at 120 after ``hold_seconds`` (+20.00 − 0.10 − 0.12 = 19.78): 29.57 in all."""
    world.trading.record_price(BTC, D("100"), CTX, force=True)
    position = UUID(world.trading.open_position(user, BTC, Side.LONG, D("2"), 1, CTX).body["position_id"])
    world.clock.advance(seconds=hold_seconds / 2)
    world.trading.record_price(BTC, D("110"), CTX, force=True)
    world.trading.close_position(user, position, CTX, quantity=D("1"))
    world.clock.advance(seconds=hold_seconds / 2)
    world.trading.record_price(BTC, D("120"), CTX, force=True)
    world.trading.close_position(user, position, CTX)


def test_a_partial_close_counts_with_its_positions_final_close(world: World, read_models: ReadModels):
    world.at(MONDAY)
    alice = world.register("alice")
    world.trading.record_price(BTC, D("100"), CTX, force=True)
    position = UUID(world.trading.open_position(alice, BTC, Side.LONG, D("2"), 1, CTX).body["position_id"])
    world.clock.advance(seconds=60)
    world.trading.record_price(BTC, D("110"), CTX, force=True)
    world.trading.close_position(alice, position, CTX, quantity=D("1"))
    world.settle()
    assert standings(read_models, Metric.REALIZED_PNL, Window.ALL, MONDAY) == []  # waits for the final close
    world.trading.record_price(BTC, D("120"), CTX, force=True)
    world.trading.close_position(alice, position, CTX)
    world.settle()
    for window in Window:
        assert standings(read_models, Metric.REALIZED_PNL, window, MONDAY) == [(alice, D("29.57"))]
    assert standings(read_models, Metric.ROI, Window.ALL, MONDAY) == [(alice, D("2.96"))]


def test_an_instant_position_counts_nowhere_partial_closes_included(world: World, read_models: ReadModels):
    world.at(MONDAY)
    bob = world.register("bob")
    partly_closed(world, bob, hold_seconds=1)
    world.settle()
    assert standings(read_models, Metric.REALIZED_PNL, Window.ALL, MONDAY) == []


def test_partial_closes_rebuild_equals_incremental(world: World, read_models: ReadModels, es_env: dict[str, str]):
    world.at(MONDAY)
    carol, dan = world.register("carol"), world.register("dan")
    partly_closed(world, carol)
    world.settle()
    partly_closed(world, dan)
    world.settle()
    incremental = dump(read_models, LeaderboardProjection)
    rebuild(LeaderboardProjection(), read_models, es_env)
    assert dump(read_models, LeaderboardProjection) == incremental
    assert [v for _, v in standings(read_models, Metric.REALIZED_PNL, Window.ALL, MONDAY)] == [D("29.57")] * 2
