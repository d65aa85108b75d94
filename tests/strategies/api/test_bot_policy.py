"""The bot policy on real ticks through the real runtime: one decision per closed candle, the same decisions as
the backtest engine's over the same candles (parity), trades as ``bot:<id>`` flagged ``bot`` (no XP), and a
crash between a decision's commit and the policy's tracking neither repeats nor misses a candle."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from psycopg import sql

from aggregates.gamification.progression import Progression
from aggregates.strategies.bot import Bot
from aggregates.trading.position import Position
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from projections.market.projection import MarketProjection
from projections.market.view import read_candles
from projections.policies.bots import BotPolicy
from projections.policies.progression import ProgressionPolicy
from projections.runtime import ReadModels
from services.commands import CommandRunner
from services.strategies import BotSpec, StrategyService
from services.trading import TradingService
from strategies.base import Candle
from strategies.engine import decide
from strategies.registry import new_strategy
from tests.financial.support import catch_up
from tests.gamification.support import events
from tests.starknet.support import read_models_for
from tests.strategies.api.support import SYMBOL, tick_minutes
from tests.support import SteppingClock

PARAMS = {"fast": 3, "slow": 8}


class Crash(Exception):
    """The policy process dying before its transaction commits."""


@pytest.fixture
def bot_models(es_env: dict[str, str]) -> Any:
    with read_models_for(es_env, [MarketProjection(), BotPolicy(), ProgressionPolicy()]) as read_models:
        yield read_models


@pytest.fixture
def bot_id(runner: CommandRunner, trading: TradingService, users: Any, clock: SteppingClock) -> UUID:
    """alice, with cash, runs sma_cross on BTC-USD 1m candles (started before the first tick)."""
    alice = users.register("alice", "alice@example.com", "correct horse battery", CommandContext())
    user_id = UUID(alice.body["user_id"])
    trading.deposit(user_id, Decimal("100000.00"), "USD", CommandContext(actor=str(user_id)))
    tick_minutes(runner, clock, 1)  # the symbol exists
    spec = BotSpec("sma_cross", PARAMS, SYMBOL, "1m", Decimal("0.01"), None, 1)
    return UUID(StrategyService(runner).start_bot(user_id, spec, CommandContext(actor=str(user_id))).body["bot_id"])


def live(
    runner: CommandRunner,
    clock: SteppingClock,
    store: EventStore,
    models: ReadModels,
    policy: BotPolicy,
    count: int,
    first: int,
) -> None:
    """Ticks with the policy keeping up after each, as a live worker does: a bot's order fills at the price of
    the tick that closed its candle (a policy far behind would fill at the latest price instead)."""
    for i in range(first, first + count):
        tick_minutes(runner, clock, 1, first=i)
        catch_up(store, models, policy)


def the_bot(store: EventStore, bot_id: UUID) -> Bot:
    found: Bot = store.repository.get(bot_id)
    return found


def decisions(store: EventStore, bot_id: UUID) -> list[Any]:
    return [e.event for e in events(store, Bot.Decided.TOPIC) if e.originator_id == bot_id]


def engine_decisions(store: EventStore, models: ReadModels, started_at: datetime, upto: datetime) -> list[Any]:
    """The backtest engine's decision point over the market read model's candles the bot saw whole."""
    catch_up(store, models, MarketProjection())
    with models.connect() as conn:
        rows = read_candles(conn, models.tables_for(MarketProjection), SYMBOL, "1m", started_at, upto, 1000)
    strategy = new_strategy("sma_cross", PARAMS)
    return [(c.t, decide(strategy, Candle(c.t, c.open, c.high, c.low, c.close, c.volume))) for c in rows]


def test_the_bot_decides_once_per_closed_candle_like_the_backtest_engine_when_ticks_arrive(
    store: EventStore, runner: CommandRunner, clock: SteppingClock, bot_id: UUID, bot_models: ReadModels
) -> None:
    # Given 40 one-minute ticks after the bot started, when the bot policy follows them
    live(runner, clock, store, bot_models, BotPolicy(), 40, first=1)

    # Then it decided on every candle that closed (the last one is still forming), in order, once each
    made = decisions(store, bot_id)
    started_at = the_bot(store, bot_id).created_on
    expected = engine_decisions(
        store, bot_models, started_at, made[-1].candle_at + (made[1].candle_at - made[0].candle_at)
    )
    assert [(d.candle_at, d.exposure) for d in made] == expected
    assert len(made) >= 38
    assert any(d.exposure in (1, -1) for d in made)  # it traded, so parity covers real signals
    # And its trades are the human commands, acted as bot:<id>
    opened = [e for e in events(store, Position.Opened.TOPIC)]
    assert opened and all(e.metadata["actor"] == f"bot:{bot_id}" for e in opened)
    assert len(opened) == len({d.position_id for d in made if d.position_id is not None})


def test_a_crash_after_a_decision_neither_repeats_nor_misses_a_candle_when_the_policy_restarts(
    store: EventStore, runner: CommandRunner, clock: SteppingClock, bot_id: UUID, bot_models: ReadModels
) -> None:
    # Given the bot caught up on 20 candles
    live(runner, clock, store, bot_models, BotPolicy(), 20, first=1)
    before = len(decisions(store, bot_id))

    # When the next tick closes a candle, the decision commits, and the policy dies before its own commit
    tick_minutes(runner, clock, 1, first=21)
    _apply_then_crash(store, bot_models)
    assert len(decisions(store, bot_id)) == before + 1

    # And a new policy process takes over and more candles close
    restarted = BotPolicy()
    catch_up(store, bot_models, restarted)
    live(runner, clock, store, bot_models, restarted, 20, first=22)

    # Then every closed candle was decided exactly once, with the state it would have had without the crash
    made = decisions(store, bot_id)
    assert len({d.candle_at for d in made}) == len(made)
    started_at = the_bot(store, bot_id).created_on
    step = made[1].candle_at - made[0].candle_at
    assert [(d.candle_at, d.exposure) for d in made] == engine_decisions(
        store, bot_models, started_at, made[-1].candle_at + step
    )
    opened = events(store, Position.Opened.TOPIC)
    assert len(opened) == len({d.position_id for d in made if d.position_id is not None})


def test_a_stopped_bot_decides_no_more_when_candles_close(
    store: EventStore, runner: CommandRunner, clock: SteppingClock, bot_id: UUID, bot_models: ReadModels
) -> None:
    tick_minutes(runner, clock, 10, first=1)
    catch_up(store, bot_models, BotPolicy())
    owner = the_bot(store, bot_id).owner_id
    StrategyService(runner).stop_bot(owner, bot_id, CommandContext(actor=str(owner)))
    made = len(decisions(store, bot_id))

    tick_minutes(runner, clock, 10, first=11)
    catch_up(store, bot_models, BotPolicy())

    assert len(decisions(store, bot_id)) == made


def test_bot_closes_earn_no_xp_and_are_flagged_bot_when_scored(
    store: EventStore, runner: CommandRunner, clock: SteppingClock, bot_id: UUID, bot_models: ReadModels
) -> None:
    # Given the bot traded long enough to close positions (each held minutes, above the XP minimum notional)
    live(runner, clock, store, bot_models, BotPolicy(), 40, first=1)
    closes = [e for e in events(store, Position.Closed.TOPIC)]
    assert closes and all(e.metadata["actor"] == f"bot:{bot_id}" for e in closes)

    # When the progression policy scores them
    catch_up(store, bot_models, ProgressionPolicy())

    # Then each close is scored with 0 XP and the bot flag
    awarded = [e.event for e in events(store, Progression.XPAwarded.TOPIC)]
    assert len(awarded) == len(closes)
    assert all(a.xp == 0 and a.flag == "bot" for a in awarded)  # type: ignore[attr-defined]


def _apply_then_crash(store: EventStore, models: ReadModels) -> None:
    """Apply the events after the policy's tracked position in one transaction, as the runtime does, then die
    before committing: the reactions' commands are committed, the tracking and candle rows are not."""
    policy = BotPolicy()
    tables = models.tables_for(policy)
    policy.open(store.env)
    try:
        with models.connect() as conn:
            query = sql.SQL("SELECT position FROM {} WHERE name = %s").format(models.tracking)
            tracked = conn.execute(query, (policy.name,)).fetchone()
            assert tracked is not None
            pending: list[LoggedEvent] = EventLog(store).read(tracked[0], 2**62, 1000, policy.topics)
            assert pending
            with pytest.raises(Crash), conn.transaction(), conn.cursor() as cur:
                for event in pending:
                    policy.apply(cur, tables, event)
                raise Crash
    finally:
        policy.close()
