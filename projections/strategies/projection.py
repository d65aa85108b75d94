"""The strategies projection: backtest, optimisation and bot events become rows of ``backtests``,
``optimizations`` and ``bots`` (projections/strategies/statements.py)."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql
from psycopg.types.json import Jsonb

from aggregates.strategies.backtest import Backtest
from aggregates.strategies.bot import Bot
from aggregates.strategies.optimization import Optimization
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles
from projections.strategies import results
from projections.strategies.statements import SQL, TABLES


class StrategiesProjection(Projection):
    """Every backtest with its status and stats, every grid, every bot with its last decision."""

    name: ClassVar[str] = "strategies"
    tables: ClassVar[tuple[str, ...]] = TABLES

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        # The backtest job's result tables live beside them (created, never written, here).
        return [*SQL.render(tables).ddl, *results.ddl(tables.schema)]

    @handles(Backtest.Requested)
    def _requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Backtest.Requested, e.event)
        spec = ev.spec
        params = {
            "id": e.originator_id,
            "user": ev.owner_id,
            "opt": ev.optimization_id,
            "spec": Jsonb(spec),
            "strategy": spec["strategy"],
            "symbol": spec["symbol"],
            "interval": spec["interval"],
            "at": e.timestamp,
            "pos": e.position,
        }
        cur.execute(SQL.render(t).requested, params)

    @handles(Backtest.Started)
    def _started(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).started, {"id": e.originator_id, "at": e.timestamp, "pos": e.position})

    @handles(Backtest.Completed)
    def _completed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Backtest.Completed, e.event)
        _finished(cur, t, e, "done", stats=Jsonb(ev.stats), digest=ev.results_digest)

    @handles(Backtest.Failed)
    def _failed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _finished(cur, t, e, "failed", failure=cast(Backtest.Failed, e.event).reason)

    @handles(Optimization.Requested)
    def _grid_requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Optimization.Requested, e.event)
        params = {
            "id": e.originator_id,
            "user": ev.owner_id,
            "strategy": ev.spec["strategy"],
            "metric": ev.metric,
            "spec": Jsonb(ev.spec),
            "grid": Jsonb(ev.grid),
            "n": len(ev.backtest_ids),
            "at": e.timestamp,
        }
        cur.execute(SQL.render(t).grid, params)

    @handles(Optimization.Completed)
    def _grid_completed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        best = cast(Optimization.Completed, e.event).best_backtest_id
        cur.execute(SQL.render(t).grid_done, {"id": e.originator_id, "best": best, "at": e.timestamp})

    @handles(Bot.Started)
    def _bot_started(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = ("owner_id", "strategy", "params", "symbol", "interval", "quantity", "equity_fraction", "leverage")
        row = {name: getattr(e.event, name) for name in fields}
        cur.execute(
            SQL.render(t).bot, {**row, "id": e.originator_id, "at": e.timestamp, "params": Jsonb(row["params"])}
        )

    @handles(Bot.Decided)
    def _bot_decided(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Bot.Decided, e.event)
        params = {
            "id": e.originator_id,
            "candle": ev.candle_at,
            "position": ev.position_id,
            "exposure": ev.exposure,
            "refused": ev.refused,
        }
        cur.execute(SQL.render(t).decided, params)

    @handles(Bot.Stopped)
    def _bot_stopped(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).bot_stopped, {"id": e.originator_id, "at": e.timestamp})


def _finished(
    cur: Cursor[Any], t: Tables, e: LoggedEvent, status: str, *, stats: Jsonb | None = None, **outcome: Any
) -> None:
    """A backtest ended: ``done`` with its stats and results digest, or ``failed`` with its reason."""
    params = {"failure": None, "digest": None, **outcome, "id": e.originator_id, "status": status, "stats": stats}
    cur.execute(SQL.render(t).finished, {**params, "at": e.timestamp, "pos": e.position})
