"""The backtest job: ``run_backtest(backtest_id)``, enqueued by the backtest dispatch policy.

One run: record ``Started``, read the candles of the spec's symbol, interval and range from the market read
model (ticks, fills and imported history alike), run ``strategies.engine.run_backtest`` in memory, writing its
progress to ``backtest_progress`` as it goes, write the full results to ``backtest_results``, then record
``Completed`` (summary stats and the results' digest) or ``Failed``. A grid's last finished run records the
optimisation's end. Idempotent: a finished backtest makes the job a no-op; a job killed mid-run is run again by
dramatiq and, the engine being deterministic, writes the same results.

Throughput scales with job worker processes (``astratrade jobs`` / ``dramatiq jobs.worker -p N``) with no code
change: each combination of a grid is its own message (bench/optimize.py measures 1 vs 2 workers).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import dramatiq

from aggregates.market.rules import InstrumentSettings
from aggregates.money import MIN_NOTIONAL
from aggregates.strategies.errors import BacktestFinished
from astratrade.settings import Settings
from event_store.application import EventStore
from projections.market.projection import MarketProjection
from projections.market.view import read_candles
from projections.policies.backtests import BACKTEST_QUEUE, RUN_ACTOR
from projections.runtime import ReadModels
from projections.strategies import results
from projections.strategies.projection import StrategiesProjection
from services.backtest_runs import BacktestRuns
from services.commands import CommandRunner
from services.instruments import InstrumentRules
from strategies.base import Candle
from strategies.engine import BacktestResult, BacktestSpec, downsample, run_backtest
from strategies.registry import InvalidParams, UnknownStrategy

log = logging.getLogger(__name__)
GAVE_UP_ACTOR = "backtest_gave_up"
CURVE_POINTS = 500  # the equity curve of GET /v1/backtests/{id}; the CSV has every point
_PAGE = 1_000  # the market read model's largest page of candles
# A run that cannot succeed however often it is retried: recorded as Failed, not retried.
_INVALID = (InvalidParams, UnknownStrategy, ValueError, ArithmeticError)


@dramatiq.actor(actor_name=GAVE_UP_ACTOR, queue_name=BACKTEST_QUEUE)
def backtest_gave_up(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """A run whose retries are exhausted (the database kept failing, a bug): record it failed, so its status never
    stays ``running`` and its grid still completes."""
    with BacktestJobs.from_settings(Settings()) as jobs:
        jobs.give_up(UUID(message["args"][0]), int(retry_info.get("retries", 0)))


@dramatiq.actor(
    actor_name=RUN_ACTOR,
    queue_name=BACKTEST_QUEUE,
    max_retries=5,
    time_limit=3_600_000,
    on_retry_exhausted=GAVE_UP_ACTOR,
)
def run_backtest_job(backtest_id: str) -> None:
    """Run one backtest (or do nothing when it already finished)."""
    with BacktestJobs.from_settings(Settings()) as jobs:
        jobs.run(UUID(backtest_id))


class BacktestJobs:
    """One job's wiring: the event store for its commands, the read models for candles and results."""

    def __init__(self, store: EventStore, read_models: ReadModels, min_notional: Decimal = MIN_NOTIONAL) -> None:
        self.store, self.read_models = store, read_models
        self.runs = BacktestRuns(CommandRunner(store))
        # The symbol's configured instrument (quantity step, maximum leverage, minimum notional), as live opens use.
        self.instruments = InstrumentRules(min_notional, repository=store.repository)
        self.schema = read_models.tables_for(StrategiesProjection).schema

    @classmethod
    @contextmanager
    def from_settings(cls, settings: Settings) -> Iterator[BacktestJobs]:
        env = {
            **settings.eventsourcing_env(),
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": "1",
            "CREATE_TABLE": "n",
        }
        store = EventStore(env=env)
        try:
            yield cls(store, ReadModels.from_env(env, settings.read_model_schema), settings.min_notional)
        finally:
            store.close()

    def run(self, backtest_id: UUID) -> None:
        backtest = self.runs.backtest(backtest_id)
        if backtest.finished:
            return
        try:
            self.runs.start(backtest_id)
        except BacktestFinished:
            return  # another delivery of this message finished it meanwhile
        spec = backtest.spec
        candles = self.candles(spec["symbol"], spec["interval"], _instant(spec["from"]), _instant(spec["to"]))
        try:
            if not candles:
                raise ValueError(f"no {spec['interval']} candles of {spec['symbol']} in [{spec['from']}, {spec['to']})")
            run = _engine_spec(spec, self.instruments.settings(spec["symbol"]))
            result = run_backtest(run, candles, progress=self._progress(backtest_id, len(candles)))
        except _INVALID as refused:
            self._finish(backtest_id, backtest.optimization_id, None, str(refused))
            return
        self._finish(backtest_id, backtest.optimization_id, result, None)

    def give_up(self, backtest_id: UUID, retries: int) -> None:
        """Record a run that failed ``retries`` times as failed (a no-op once it finished)."""
        backtest = self.runs.backtest(backtest_id)
        if not backtest.finished:
            self._finish(backtest_id, backtest.optimization_id, None, f"gave up after {retries} failed attempts")

    def candles(self, symbol: str, interval: str, start: datetime, end: datetime) -> list[Candle]:
        """Every candle with ``start <= at < end``, oldest first, read page by page."""
        tables = self.read_models.tables_for(MarketProjection)
        found: list[Candle] = []
        with self.read_models.connect("job:backtests") as conn:
            while page := read_candles(conn, tables, symbol, interval, start, end, _PAGE):
                found += [Candle(c.t, c.open, c.high, c.low, c.close, c.volume) for c in page]
                if len(page) < _PAGE:
                    break
                start = page[-1].t + timedelta.resolution  # past the last one read
        return found

    def _progress(self, backtest_id: UUID, total: int) -> Callable[[int], None]:
        """The engine reports candles done; the row holds a percent, written at most once per percent."""
        last = [-1]

        def report(done: int) -> None:
            percent = max(0, min(100, done * 100 // total))
            if percent != last[0]:
                last[0] = percent
                with self.read_models.connect("job:backtests") as conn:
                    results.record_progress(conn, self.schema, backtest_id, percent)

        return report

    def _finish(
        self, backtest_id: UUID, optimization_id: UUID | None, result: BacktestResult | None, failure: str | None
    ) -> None:
        outcome = _outcome(optimization_id, result, failure)
        with self.read_models.connect("job:backtests") as conn:
            digest = results.record_results(conn, self.schema, backtest_id, outcome)
            results.record_progress(conn, self.schema, backtest_id, 100)
        try:
            if failure is None:
                assert outcome.stats is not None
                self.runs.complete(backtest_id, outcome.stats, digest)
            else:
                log.info("backtest %s failed: %s", backtest_id, failure)
                self.runs.fail(backtest_id, failure[:500])
        except BacktestFinished:
            return
        if optimization_id is not None:
            self._close_grid(optimization_id)

    def _close_grid(self, optimization_id: UUID) -> None:
        """Record the grid's end once all its runs are finished (each run checks after its own write, so the
        last one to finish sees them all; a second recording answers the first)."""
        optimization = self.runs.optimization(optimization_id)
        with self.read_models.connect("job:backtests") as conn:
            finished = results.grid_finished(conn, self.schema, optimization_id)
        if len(finished) < len(optimization.backtest_ids):
            return
        done = [(bid, stats) for bid, stats in finished if stats is not None]
        best = max(done, key=lambda item: _rank_key(item[1], optimization.metric), default=None)
        self.runs.complete_optimization(
            optimization_id, best[0] if best else None, len(done), len(finished) - len(done)
        )


def _rank_key(stats: dict[str, Any], metric: str) -> Decimal:
    value = Decimal(str(stats[metric]))
    return -abs(value) if metric == "max_drawdown_pct" else value  # the smallest drawdown ranks first


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _engine_spec(spec: dict[str, Any], instrument: InstrumentSettings) -> BacktestSpec:
    return BacktestSpec(
        strategy=spec["strategy"],
        params=spec["params"],
        symbol=spec["symbol"],
        interval=spec["interval"],
        initial_cash=Decimal(spec["initial_cash"]),
        quantity=_decimal(spec["quantity"]),
        equity_fraction=_decimal(spec["equity_fraction"]),
        leverage=int(spec["leverage"]),
        fill=spec["fill"],
        fee_rate=Decimal(spec["fee_rate"]),
        instrument=instrument,
    )


def _text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _outcome(optimization_id: UUID | None, result: BacktestResult | None, failure: str | None) -> results.Outcome:
    if result is None:
        return results.Outcome(optimization_id, None, failure, [], [], [])
    curve = [[at.isoformat(), str(equity)] for at, equity in result.equity_curve]
    points = [[at.isoformat(), str(equity)] for at, equity in downsample(result.equity_curve, CURVE_POINTS)]
    trades = [{k: _text(v) for k, v in asdict(trade).items()} for trade in result.trades]
    stats = {k: _text(v) for k, v in asdict(result.stats).items()}
    return results.Outcome(optimization_id, stats, None, trades, curve, points)
