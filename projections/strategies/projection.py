"""The strategies projection: backtest, optimisation and bot events become rows of ``backtests``,
``optimizations`` and ``bots`` (projections/strategies/view.py)."""

from __future__ import annotations

from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.strategies.backtest import Backtest
from aggregates.strategies.bot import Bot
from aggregates.strategies.optimization import Optimization
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.strategies.view import TABLES, StrategiesView


class StrategiesProjection(Projection):
    """Every backtest with its status and stats, every grid, every bot with its last decision."""

    name: ClassVar[str] = "strategies"
    topics: ClassVar[tuple[str, ...]] = (
        Backtest.Requested.TOPIC, Backtest.Started.TOPIC, Backtest.Completed.TOPIC, Backtest.Failed.TOPIC,
        Optimization.Requested.TOPIC, Optimization.Completed.TOPIC,
        Bot.Started.TOPIC, Bot.Decided.TOPIC, Bot.Stopped.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = TABLES

    def __init__(self, view: StrategiesView | None = None) -> None:
        self.view = view or StrategiesView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        e: Any = event.event
        at, pos, id_ = event.timestamp, event.position, event.originator_id
        v = self.view
        if isinstance(e, Backtest.Requested):
            v.requested(cursor, tables, id=id_, user=e.owner_id, opt=e.optimization_id, spec=e.spec, at=at, pos=pos)
        elif isinstance(e, Backtest.Started):
            v.started(cursor, tables, id_, at, pos)
        elif isinstance(e, Backtest.Completed):
            v.finished(cursor, tables, id=id_, status="done", stats=e.stats, digest=e.results_digest, at=at, pos=pos)
        elif isinstance(e, Backtest.Failed):
            v.finished(cursor, tables, id=id_, status="failed", failure=e.reason, at=at, pos=pos)
        elif isinstance(e, Optimization.Requested):
            v.grid(cursor, tables, id=id_, user=e.owner_id, metric=e.metric, spec=e.spec, grid=e.grid,
                   n=len(e.backtest_ids), at=at)
        elif isinstance(e, Optimization.Completed):
            v.grid_done(cursor, tables, id_, e.best_backtest_id, at)
        else:
            self._bot(cursor, tables, event)

    def _bot(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        e: Any = event.event
        if isinstance(e, Bot.Started):
            fields = ("owner_id", "strategy", "params", "symbol", "interval", "quantity", "equity_fraction", "leverage")
            self.view.bot_started(cursor, tables, id=event.originator_id, at=event.timestamp,
                                  **{name: getattr(e, name) for name in fields})
        elif isinstance(e, Bot.Decided):
            self.view.bot_decided(cursor, tables, id=event.originator_id, candle=e.candle_at, position=e.position_id,
                                  exposure=e.exposure, refused=e.refused)
        elif isinstance(e, Bot.Stopped):
            self.view.bot_stopped(cursor, tables, event.originator_id, event.timestamp)
        else:
            raise ValueError(f"strategies does not handle {event.topic!r} (position {event.position})")
