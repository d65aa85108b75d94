"""The strategies read model: backtests, grids and bots from their events; idempotent; a rebuild equals the model
built incrementally and leaves the job-written results alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from aggregates.strategies.bot import Bot
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.runtime import ReadModels, rebuild
from projections.strategies import results
from projections.strategies.projection import StrategiesProjection
from services.backtest_runs import BacktestRuns
from services.commands import CommandRunner
from services.strategies import BotSpec, GridRequest, StrategyService
from services.trading import TradingService
from tests.financial.support import apply_log, catch_up, rows
from tests.starknet.support import read_models_for

USER = UUID("00000000-0000-0000-0000-00000000a11c")
CTX = CommandContext(actor=str(USER), correlation_id="strategies-projection")
SPEC = {
    "strategy": "sma_cross",
    "params": {"fast": 3, "slow": 8},
    "symbol": "BTC-USD",
    "interval": "1h",
    "from": "2026-01-01T00:00:00+00:00",
    "to": "2026-01-02T00:00:00+00:00",
    "initial_cash": "10000.00",
    "quantity": "0.01",
    "equity_fraction": None,
    "leverage": 1,
    "fill": "close",
    "fee_rate": "0.001",
}
STATS = {
    "trades": 2,
    "net_pnl": "12.50",
    "return_pct": "0.125",
    "max_drawdown_pct": "1.2",
    "sharpe": "0.8",
    "win_rate_pct": "50",
    "fees": "0.80",
    "final_equity": "10012.50",
}
TABLES = ("backtests", "optimizations", "bots")


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [StrategiesProjection()]) as read_models:
        yield read_models


def first_half(runner: CommandRunner) -> UUID:
    TradingService(runner).record_price("BTC-USD", Decimal("40000"), CTX)
    service, runs = StrategyService(runner), BacktestRuns(runner)
    done = UUID(service.request_backtest(USER, SPEC, CTX).body["backtest_id"])
    runs.start(done)
    runs.complete(done, STATS, "ab" * 32)
    failed = UUID(service.request_backtest(USER, SPEC, CTX).body["backtest_id"])
    runs.fail(failed, "no 1h candles")
    return done


def second_half(runner: CommandRunner) -> None:
    service, runs = StrategyService(runner), BacktestRuns(runner)
    grid = GridRequest(
        {k: v for k, v in SPEC.items() if k != "params"},
        [{"fast": 2, "slow": 8}, {"fast": 3, "slow": 8}],
        {"fast": [2, 3], "slow": [8]},
        "net_pnl",
    )
    optimization = UUID(service.request_optimization(USER, grid, CTX).body["optimization_id"])
    first, second = runs.optimization(optimization).backtest_ids
    runs.complete(first, STATS, "cd" * 32)
    runs.complete(second, {**STATS, "net_pnl": "20.00"}, "ef" * 32)
    runs.complete_optimization(optimization, second, 2, 0)
    bot = UUID(
        service.start_bot(
            USER, BotSpec("sma_cross", {"fast": 3, "slow": 8}, "BTC-USD", "1m", Decimal("0.01"), None, 1), CTX
        ).body["bot_id"]
    )
    trader_bot: Bot = runner.store.repository.get(bot)
    trader_bot.decide(datetime(2026, 1, 5, 12, 1, tzinfo=UTC), 1, None, "insufficient_funds")
    runner.store.save(trader_bot)
    service.stop_bot(USER, bot, CTX)


def snapshot(models: ReadModels) -> list[list[tuple[object, ...]]]:
    return [rows(models, f"SELECT * FROM {{s}}.{table} ORDER BY 1") for table in TABLES]


def test_rows_follow_the_events_of_backtests_grids_and_bots(
    store: EventStore, runner: CommandRunner, models: ReadModels
) -> None:
    done = first_half(runner)
    second_half(runner)
    apply_log(store, models, StrategiesProjection())

    statuses = rows(models, "SELECT status, stats->>'net_pnl', failure FROM {s}.backtests ORDER BY requested_at")
    assert [s[0] for s in statuses] == ["done", "failed", "done", "done"]
    assert statuses[1][2] == "no 1h candles"
    [grid] = rows(models, "SELECT status, combinations, best_backtest_id FROM {s}.optimizations")
    assert grid[:2] == ("done", 2)
    [bot] = rows(models, "SELECT status, decisions, exposure, last_refused FROM {s}.bots")
    assert bot == ("stopped", 1, 0, "insufficient_funds")  # a refused order leaves the exposure as it was
    assert rows(models, "SELECT results_digest FROM {s}.backtests WHERE backtest_id = %s", done) == [("ab" * 32,)]


def test_nothing_changes_when_the_same_events_are_applied_twice(
    store: EventStore, runner: CommandRunner, models: ReadModels
) -> None:
    first_half(runner)
    second_half(runner)
    apply_log(store, models, StrategiesProjection())
    before = snapshot(models)

    apply_log(store, models, StrategiesProjection())

    assert snapshot(models) == before


def test_a_rebuild_equals_the_model_built_incrementally_and_keeps_the_job_results(
    es_env: dict[str, str], store: EventStore, runner: CommandRunner, models: ReadModels
) -> None:
    done = first_half(runner)
    catch_up(store, models, StrategiesProjection())
    second_half(runner)
    catch_up(store, models, StrategiesProjection())
    schema = models.tables_for(StrategiesProjection).schema
    with models.connect() as conn:
        results.record_results(conn, schema, done, results.Outcome(None, STATS, None, [], [], []))
    live = snapshot(models)

    rebuild(StrategiesProjection(), models, es_env)

    assert snapshot(models) == live
    assert len(rows(models, "SELECT * FROM {s}.backtest_results")) == 1
