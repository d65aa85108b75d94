"""The leaderboard projection against real PostgreSQL: exact values, order, windows, clans, ties, replay."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import psycopg

from aggregates.money import Side
from event_store.application import EventStore
from event_store.log import EventLog
from projections.leaderboard.boards import Metric, Window
from projections.leaderboard.projection import LeaderboardProjection
from projections.runtime import rebuild
from projections.runtime.config import ReadModels
from tests.leaderboard.support import CTX, World, dump, standings

D = Decimal
MONDAY = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
XP, PNL, ROI = Metric.XP, Metric.REALIZED_PNL, Metric.ROI


def three_traders(world: World) -> tuple:
    """alice +9.79 (24 XP, ROI 0.98 %), carol short +9.61 on 500 (19 XP, 1.92 %), bob -10.19 on 2000 (15 XP)."""
    world.at(MONDAY)
    alice, bob, carol = world.register("alice"), world.register("bob", "2000.00"), world.register("carol", "500.00")
    world.trade(alice, "100", "110")
    world.trade(bob, "100", "90")
    world.trade(carol, "100", "95", "2", side=Side.SHORT)
    world.settle()
    return alice, bob, carol


def test_boards_rank_each_metric_best_first_when_closes_are_scored(world: World, read_models: ReadModels):
    alice, bob, carol = three_traders(world)
    for window in Window:
        assert standings(read_models, XP, window, MONDAY) == [(alice, D(24)), (carol, D(19)), (bob, D(15))]
        assert standings(read_models, PNL, window, MONDAY) == [
            (alice, D("9.79")),
            (carol, D("9.61")),
            (bob, D("-10.19")),
        ]
        assert standings(read_models, ROI, window, MONDAY) == [
            (carol, D("1.92")),
            (alice, D("0.98")),
            (bob, D("-0.51")),
        ]


def test_an_instant_close_counts_on_no_board_when_the_fairness_rule_flags_it(world: World, read_models: ReadModels):
    # Given dave closes within the same second as he opened, at a large profit
    world.at(MONDAY)
    dave = world.register("dave")
    world.trade(dave, "100", "150", hold_seconds=0.5)
    world.settle()
    # Then he earns no XP and his P&L counts nowhere
    for metric in Metric:
        assert standings(read_models, metric, Window.ALL, MONDAY) == []
    # When he later makes a fair close, only that one counts
    world.trade(dave, "100", "101")
    world.settle()
    # 1.00 - 0.10 - 0.11 (the 0.101 closing fee rounds up to the cent)
    assert standings(read_models, PNL, Window.ALL, MONDAY) == [(dave, D("0.79"))]


def test_day_and_week_boards_split_at_utc_midnight_and_on_monday(world: World, read_models: ReadModels):
    # Given closes at Sunday 23:59, Monday 00:01 and Tuesday 10:00 (UTC)
    sunday, monday, tuesday = (
        datetime(2026, 1, d, h, m, tzinfo=UTC) for d, h, m in ((4, 23, 59), (5, 0, 1), (6, 10, 0))
    )
    alice, bob, carol = (world.at(sunday).register(n) for n in ("alice", "bob", "carol"))
    for user, when in ((alice, sunday), (bob, monday), (carol, tuesday)):
        world.at(when).clock.advance(seconds=-60)
        world.trade(user, "100", "110")  # held 60 s: it closes at ``when``
    world.settle()
    # Then each close counts in its own UTC day, its ISO week and all time
    assert [u for u, _ in standings(read_models, PNL, Window.DAY, sunday)] == [alice]
    assert [u for u, _ in standings(read_models, PNL, Window.DAY, monday)] == [bob]
    assert [u for u, _ in standings(read_models, PNL, Window.DAY, tuesday)] == [carol]
    assert [u for u, _ in standings(read_models, PNL, Window.WEEK, sunday)] == [alice]
    assert {u for u, _ in standings(read_models, PNL, Window.WEEK, tuesday)} == {bob, carol}
    assert {u for u, _ in standings(read_models, PNL, Window.ALL, tuesday)} == {alice, bob, carol}


def test_equal_values_rank_whoever_reached_them_first(world: World, read_models: ReadModels):
    # Given bob and alice book the very same close, bob's first
    world.at(MONDAY)
    alice, bob = world.register("alice"), world.register("bob")
    world.trade(bob, "100", "110")
    world.trade(alice, "100", "110")
    world.settle()
    # Then bob ranks first on every board, although alice registered first
    for metric in Metric:
        assert [u for u, _ in standings(read_models, metric, Window.ALL, MONDAY)] == [bob, alice]


def test_a_deposit_rerates_roi_in_every_bucket(world: World, read_models: ReadModels):
    alice, _, carol = three_traders(world)
    world.deposit(alice, "3000.00")  # 9.79 on 4000: 0.24475 % → 0.24
    world.settle()
    for window in Window:
        assert standings(read_models, ROI, window, MONDAY)[:2] == [(carol, D("1.92")), (alice, D("0.24"))]


def test_clan_boards_rank_the_members_of_the_moment(world: World, read_models: ReadModels):
    alice, bob, carol = three_traders(world)
    wolves = world.found(alice, "wolves")
    world.join(bob, wolves)
    world.settle()
    assert standings(read_models, XP, Window.DAY, MONDAY, wolves) == [(alice, D(24)), (bob, D(15))]
    # When bob leaves and carol joins
    world.leave(bob, wolves)
    world.join(carol, wolves)
    world.settle()
    assert standings(read_models, ROI, Window.WEEK, MONDAY, wolves) == [(carol, D("1.92")), (alice, D("0.98"))]


def test_nothing_changes_when_the_same_events_are_applied_again(
    world: World, read_models: ReadModels, store: EventStore
):
    three_traders(world)
    world.found(world.register("dave"), "wolves")
    last = world.settle()
    before = dump(read_models, LeaderboardProjection)
    # When every event is applied once more, in order, in one transaction
    events = EventLog(store).read(0, last, 100_000, LeaderboardProjection.topics)
    projection, tables = LeaderboardProjection(), read_models.tables_for(LeaderboardProjection)
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn, conn.transaction(), conn.cursor() as cur:
        projection.apply_batch(cur, tables, events)
    # Then every row is as it was
    assert dump(read_models, LeaderboardProjection) == before


def test_a_rebuild_from_position_zero_equals_the_incremental_model(
    world: World, read_models: ReadModels, es_env: dict[str, str]
):
    alice, bob, carol = three_traders(world)
    wolves = world.found(alice, "wolves")
    world.join(carol, wolves)
    world.deposit(bob, "10.00")
    world.at(datetime(2026, 1, 6, 9, 0, tzinfo=UTC)).trade(carol, "100", "99")
    world.leave(carol, wolves)
    world.settle()
    incremental = dump(read_models, LeaderboardProjection)
    # When the projection is rebuilt from the log into fresh tables and swapped in
    rebuild(LeaderboardProjection(), read_models, es_env)
    # Then every row is identical
    assert dump(read_models, LeaderboardProjection) == incremental


def test_a_liquidation_counts_its_loss_at_once_without_xp(world: World, read_models: ReadModels, store: EventStore):
    # Given alice goes long 1 BTC at 100 with 10x leverage (margin 10.00), and the price gaps down to 80
    world.at(MONDAY)
    alice = world.register("alice")
    world.trading.record_price("BTC-USD", D("100"), CTX)
    world.trading.open_position(alice, "BTC-USD", Side.LONG, D("1"), 10, CTX)
    world.clock.advance(seconds=30)
    world.trading.record_price("BTC-USD", D("80"), CTX)
    world.settle()
    # Then the liquidation policy liquidated it, and its net loss (margin + opening fee) counts on the P&L boards
    [liquidated] = EventLog(store).read(0, EventLog(store).last_position(), 10, ("trading.Position.Liquidated",))
    assert liquidated.event.net_pnl == D("-10.10")  # type: ignore[attr-defined]
    assert standings(read_models, PNL, Window.DAY, MONDAY) == [(alice, D("-10.10"))]
    assert standings(read_models, ROI, Window.ALL, MONDAY) == [(alice, D("-1.01"))]
    assert standings(read_models, XP, Window.ALL, MONDAY) == []
