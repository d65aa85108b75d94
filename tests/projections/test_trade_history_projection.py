"""The trade history read model on real PostgreSQL: closes, liquidations and their XP flags from real
trading, idempotent, rebuild = incremental."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from uuid import UUID

import pytest

from event_store.metadata import CommandContext
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.progression import ProgressionPolicy
from projections.runtime import ReadModels, rebuild
from projections.trade_history.projection import TradeHistoryProjection
from tests.financial.support import apply_log, catch_up, rows
from tests.gamification.support import Desk, policies_running, settle
from tests.starknet.support import read_models_for
from tests.support import SteppingClock

SELECT = """SELECT position_id, symbol, side, quantity, entry_price, exit_price, gross_pnl, fees, net_pnl, ended_by,
    flags FROM {s}.trade_history ORDER BY close_position"""


@pytest.fixture
def desk(users, trading, clock: SteppingClock) -> Desk:
    return Desk(users, trading, clock)


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [TradeHistoryProjection(), ProgressionPolicy(), LiquidationPolicy()]) as found:
        yield found


def test_a_close_and_a_liquidation_show_prices_pnl_fees_and_how_they_ended(store, desk, models):
    alice = desk.trader("alice")
    closed = desk.round_trip(alice, "50000", "51000")  # long 0.01 at 5x: +10.00 gross, fees 0.50 + 0.51
    desk.price("50000")
    liquidated = desk.open(alice, "long", "0.01", 10)  # margin 50.00, liquidation at 45000
    desk.price("45000")
    catch_up(store, models, LiquidationPolicy())

    apply_log(store, models, TradeHistoryProjection())

    assert rows(models, SELECT) == [
        (closed, "BTC-USD", "long", D("0.01"), D("50000"), D("51000"), D("10.00"), D("1.01"), D("8.99"), "closed", []),
        (
            liquidated,
            "BTC-USD",
            "long",
            D("0.01"),
            D("50000"),
            D("45000"),
            D("-50.00"),
            D("0.50"),
            D("-50.50"),
            "liquidated",
            [],
        ),
    ]


def test_a_partial_close_is_a_row_of_its_own_and_the_final_close_carries_the_rest(store, desk, models):
    # Given a long of 0.01 at 50,000, 5x (opening fee 0.50), closed 0.004 then the remaining 0.006 at 51,000
    alice = desk.trader("alice")
    desk.price("50000")
    position = desk.open(alice)
    desk.price("51000")
    desk.trading.close_position(alice, position, CommandContext(actor="test"), quantity=D("0.004"))
    desk.close(alice, position)

    apply_log(store, models, TradeHistoryProjection())

    # Then one row per closed quantity: each with its share of the opening fee and its own closing fee
    # (0.1 % of 204.00 and of 306.00, rounded up), so the quantities and fees add up to the position's
    assert [row[3:] for row in rows(models, SELECT)] == [
        (D("0.004"), D("50000"), D("51000"), D("4.00"), D("0.41"), D("3.59"), "partial", []),
        (D("0.006"), D("50000"), D("51000"), D("6.00"), D("0.61"), D("5.39"), "closed", []),
    ]


def test_a_close_the_progression_policy_flags_shows_the_flag(es_env, store, desk, models):
    alice = desk.trader("alice")
    counted = desk.round_trip(alice, "50000", "51000", held_minutes=2)
    instant = desk.round_trip(alice, "50000", "51000", held_minutes=0.1)  # 6 s: below the 60 s hold
    desk.price("50000")
    tiny = desk.open(alice, "long", "0.001", 5)  # 50.00 notional: below the 100.00 XP minimum
    desk.clock.advance(minutes=2)
    desk.close(alice, tiny)
    # When the policy scores the closes and the history follows its decisions
    with policies_running(models, es_env, ProgressionPolicy()):
        settle(models, store, ProgressionPolicy.name)
    apply_log(store, models, TradeHistoryProjection())
    # Then each row says why it earned nothing, and the counted one says nothing
    flags = {row[0]: row[-1] for row in rows(models, SELECT)}
    assert flags == {counted: [], instant: ["instant_close"], tiny: ["below_minimum"]}


def test_a_close_made_by_a_bot_is_flagged_bot(store, desk, models):
    alice = desk.trader("alice")
    desk.price("50000")
    position = desk.open(alice)
    desk.trading.close_position(alice, position, CommandContext(actor="bot:7", correlation_id="bot-run"))

    apply_log(store, models, TradeHistoryProjection())

    assert [row[-1] for row in rows(models, SELECT)] == [["bot"]]


def test_nothing_changes_when_the_same_events_are_applied_twice(es_env, store, desk, models):
    alice = desk.trader("alice")
    desk.round_trip(alice, "50000", "51000", held_minutes=0.1)
    with policies_running(models, es_env, ProgressionPolicy()):
        settle(models, store, ProgressionPolicy.name)
    apply_log(store, models, TradeHistoryProjection())
    before = rows(models, "SELECT * FROM {s}.trade_history ORDER BY close_position")

    apply_log(store, models, TradeHistoryProjection())

    assert rows(models, "SELECT * FROM {s}.trade_history ORDER BY close_position") == before
    assert before[0][-1] == ["instant_close"]


def test_a_rebuild_equals_the_model_built_incrementally(es_env, store, desk, models):
    alice, bob = desk.trader("alice"), desk.trader("bob")
    desk.round_trip(alice, "50000", "51000")
    catch_up(store, models, TradeHistoryProjection())
    desk.round_trip(bob, "51000", "50000", side="short", held_minutes=0.1)
    with policies_running(models, es_env, ProgressionPolicy()):
        settle(models, store, ProgressionPolicy.name)
    catch_up(store, models, TradeHistoryProjection())
    live = rows(models, "SELECT * FROM {s}.trade_history ORDER BY close_position")

    rebuild(TradeHistoryProjection(), models, es_env)

    assert rows(models, "SELECT * FROM {s}.trade_history ORDER BY close_position") == live
    assert [UUID(str(row[2])) for row in live] == [alice, bob]
