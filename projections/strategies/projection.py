"""The strategies projection: backtest, optimisation and bot events become rows of ``backtests``,
``optimizations`` and ``bots`` (projections/strategies/view.py)."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.strategies.backtest import Backtest
from aggregates.strategies.bot import Bot
from aggregates.strategies.optimization import Optimization
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles
from projections.strategies.view import TABLES, StrategiesView


class StrategiesProjection(Projection):
    """Every backtest with its status and stats, every grid, every bot with its last decision."""

    name: ClassVar[str] = "strategies"
    tables: ClassVar[tuple[str, ...]] = TABLES

    def __init__(self, view: StrategiesView | None = None) -> None:
        self.view = view or StrategiesView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    @handles(Backtest.Requested)
    def _requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Backtest.Requested, e.event)
        self.view.requested(
            cur,
            t,
            id=e.originator_id,
            user=ev.owner_id,
            opt=ev.optimization_id,
            spec=ev.spec,
            at=e.timestamp,
            pos=e.position,
        )

    @handles(Backtest.Started)
    def _started(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.started(cur, t, e.originator_id, e.timestamp, e.position)

    @handles(Backtest.Completed)
    def _completed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Backtest.Completed, e.event)
        self.view.finished(
            cur,
            t,
            id=e.originator_id,
            status="done",
            stats=ev.stats,
            digest=ev.results_digest,
            at=e.timestamp,
            pos=e.position,
        )

    @handles(Backtest.Failed)
    def _failed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Backtest.Failed, e.event)
        self.view.finished(
            cur, t, id=e.originator_id, status="failed", failure=ev.reason, at=e.timestamp, pos=e.position
        )

    @handles(Optimization.Requested)
    def _grid_requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Optimization.Requested, e.event)
        self.view.grid(
            cur,
            t,
            id=e.originator_id,
            user=ev.owner_id,
            metric=ev.metric,
            spec=ev.spec,
            grid=ev.grid,
            n=len(ev.backtest_ids),
            at=e.timestamp,
        )

    @handles(Optimization.Completed)
    def _grid_completed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Optimization.Completed, e.event)
        self.view.grid_done(cur, t, e.originator_id, ev.best_backtest_id, e.timestamp)

    @handles(Bot.Started)
    def _bot_started(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = ("owner_id", "strategy", "params", "symbol", "interval", "quantity", "equity_fraction", "leverage")
        self.view.bot_started(
            cur, t, id=e.originator_id, at=e.timestamp, **{name: getattr(e.event, name) for name in fields}
        )

    @handles(Bot.Decided)
    def _bot_decided(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Bot.Decided, e.event)
        self.view.bot_decided(
            cur,
            t,
            id=e.originator_id,
            candle=ev.candle_at,
            position=ev.position_id,
            exposure=ev.exposure,
            refused=ev.refused,
        )

    @handles(Bot.Stopped)
    def _bot_stopped(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.bot_stopped(cur, t, e.originator_id, e.timestamp)
