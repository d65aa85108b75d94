"""The ``backtests``, ``optimizations`` and ``bots`` tables: DDL, one idempotent statement per event, the reads.

| table | rows |
|---|---|
| backtests | backtest_id, user_id, optimization_id, strategy, symbol, interval, spec (jsonb, as requested), status (queued, running, done, failed), stats (jsonb of decimal strings), failure, results_digest, requested_at, started_at, finished_at, last_event_position |
| optimizations | optimization_id, user_id, strategy, metric, spec, grid (jsonb), combinations, status (running, done), best_backtest_id, requested_at, completed_at |
| bots | bot_id, user_id, strategy, params, symbol, interval, quantity, equity_fraction, leverage, status (running, stopped), decisions, last_candle_at, exposure, position_id, last_refused, started_at, stopped_at |
"""  # noqa: E501

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from projections.runtime.base import Tables
from projections.strategies import results

BACKTESTS, OPTIMIZATIONS, BOTS = "backtests", "optimizations", "bots"
TABLES = (BACKTESTS, OPTIMIZATIONS, BOTS)
# What GET /v1/optimizations/{id} may rank by; drawdown ranks smallest first, the others largest first.
METRICS = ("net_pnl", "return_pct", "sharpe", "win_rate_pct", "final_equity", "max_drawdown_pct")

_DDL = (
    """CREATE TABLE IF NOT EXISTS {backtests} (
        backtest_id uuid PRIMARY KEY, user_id uuid NOT NULL, optimization_id uuid,
        strategy text NOT NULL, symbol text NOT NULL, interval text NOT NULL, spec jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        stats jsonb, failure text, results_digest text,
        requested_at timestamptz NOT NULL, started_at timestamptz, finished_at timestamptz,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {backtests_user} ON {backtests} (user_id, requested_at)",
    "CREATE INDEX IF NOT EXISTS {backtests_grid} ON {backtests} (optimization_id) WHERE optimization_id IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS {optimizations} (
        optimization_id uuid PRIMARY KEY, user_id uuid NOT NULL, strategy text NOT NULL, metric text NOT NULL,
        spec jsonb NOT NULL, grid jsonb NOT NULL, combinations integer NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'done')), best_backtest_id uuid,
        requested_at timestamptz NOT NULL, completed_at timestamptz)""",
    """CREATE TABLE IF NOT EXISTS {bots} (
        bot_id uuid PRIMARY KEY, user_id uuid NOT NULL, strategy text NOT NULL, params jsonb NOT NULL,
        symbol text NOT NULL, interval text NOT NULL, quantity numeric, equity_fraction numeric,
        leverage integer NOT NULL, status text NOT NULL CHECK (status IN ('running', 'stopped')),
        decisions integer NOT NULL DEFAULT 0, last_candle_at timestamptz, exposure integer NOT NULL DEFAULT 0,
        position_id uuid, last_refused text, started_at timestamptz NOT NULL, stopped_at timestamptz)""",
    "CREATE INDEX IF NOT EXISTS {bots_user} ON {bots} (user_id, started_at)",
)
_REQUESTED = """INSERT INTO {backtests} (backtest_id, user_id, optimization_id, strategy, symbol, interval, spec,
    status, requested_at, last_event_position)
VALUES (%(id)s, %(user)s, %(opt)s, %(strategy)s, %(symbol)s, %(interval)s, %(spec)s, 'queued', %(at)s, %(pos)s)
ON CONFLICT (backtest_id) DO NOTHING"""
_STARTED = """UPDATE {backtests} SET status = 'running', started_at = %(at)s, last_event_position = %(pos)s
WHERE backtest_id = %(id)s AND last_event_position < %(pos)s"""
_FINISHED = """UPDATE {backtests} SET status = %(status)s, stats = %(stats)s, failure = %(failure)s,
    results_digest = %(digest)s, finished_at = %(at)s, last_event_position = %(pos)s
WHERE backtest_id = %(id)s AND last_event_position < %(pos)s"""
_GRID = """INSERT INTO {optimizations} (optimization_id, user_id, strategy, metric, spec, grid, combinations, status,
    requested_at) VALUES (%(id)s, %(user)s, %(strategy)s, %(metric)s, %(spec)s, %(grid)s, %(n)s, 'running', %(at)s)
ON CONFLICT (optimization_id) DO NOTHING"""
_GRID_DONE = """UPDATE {optimizations} SET status = 'done', best_backtest_id = %(best)s, completed_at = %(at)s
WHERE optimization_id = %(id)s"""
_BOT = """INSERT INTO {bots} (bot_id, user_id, strategy, params, symbol, interval, quantity, equity_fraction, leverage,
    status, started_at) VALUES (%(id)s, %(owner_id)s, %(strategy)s, %(params)s, %(symbol)s, %(interval)s, %(quantity)s,
    %(equity_fraction)s, %(leverage)s, 'running', %(at)s)
ON CONFLICT (bot_id) DO NOTHING"""
# Decisions are applied in candle order (the aggregate refuses older ones), so guarding on the candle makes the
# counter idempotent.
_DECIDED = """UPDATE {bots} SET decisions = decisions + 1, last_candle_at = %(candle)s, position_id = %(position)s,
    exposure = CASE WHEN %(exposure)s::integer IS NULL OR %(refused)s::text IS NOT NULL THEN exposure
                    ELSE %(exposure)s::integer END,
    last_refused = %(refused)s
WHERE bot_id = %(id)s AND (last_candle_at IS NULL OR last_candle_at < %(candle)s)"""
_BOT_STOPPED = "UPDATE {bots} SET status = 'stopped', stopped_at = %(at)s WHERE bot_id = %(id)s"


def _sql(text: str, tables: Tables) -> sql.Composed:
    return sql.SQL(text).format(backtests=tables[BACKTESTS], optimizations=tables[OPTIMIZATIONS], bots=tables[BOTS])


class StrategiesView:
    """Owns the three tables (and creates the job's result tables beside them)."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        idx = {
            name: sql.Identifier(tables.physical(table) + suffix)
            for name, table, suffix in (
                ("backtests_user", BACKTESTS, "_user_idx"),
                ("backtests_grid", BACKTESTS, "_grid_idx"),
                ("bots_user", BOTS, "_user_idx"),
            )
        }
        own = [
            sql.SQL(text).format(
                backtests=tables[BACKTESTS], optimizations=tables[OPTIMIZATIONS], bots=tables[BOTS], **idx
            )
            for text in _DDL
        ]
        return [*own, *results.ddl(tables.schema)]

    def requested(self, cur: Cursor[Any], tables: Tables, **row: Any) -> None:
        spec = row["spec"]
        cur.execute(
            _sql(_REQUESTED, tables),
            {
                **row,
                "spec": Jsonb(spec),
                "strategy": spec["strategy"],
                "symbol": spec["symbol"],
                "interval": spec["interval"],
            },
        )

    def started(self, cur: Cursor[Any], tables: Tables, backtest_id: UUID, at: datetime, pos: int) -> None:
        cur.execute(_sql(_STARTED, tables), {"id": backtest_id, "at": at, "pos": pos})

    def finished(self, cur: Cursor[Any], tables: Tables, **row: Any) -> None:
        stats = row.get("stats")
        cur.execute(
            _sql(_FINISHED, tables),
            {"failure": None, "digest": None, **row, "stats": None if stats is None else Jsonb(stats)},
        )

    def grid(self, cur: Cursor[Any], tables: Tables, **row: Any) -> None:
        cur.execute(
            _sql(_GRID, tables),
            {**row, "spec": Jsonb(row["spec"]), "grid": Jsonb(row["grid"]), "strategy": row["spec"]["strategy"]},
        )

    def grid_done(
        self, cur: Cursor[Any], tables: Tables, optimization_id: UUID, best: UUID | None, at: datetime
    ) -> None:
        cur.execute(_sql(_GRID_DONE, tables), {"id": optimization_id, "best": best, "at": at})

    def bot_started(self, cur: Cursor[Any], tables: Tables, **row: Any) -> None:
        cur.execute(_sql(_BOT, tables), {**row, "params": Jsonb(row["params"])})

    def bot_decided(self, cur: Cursor[Any], tables: Tables, **row: Any) -> None:
        cur.execute(_sql(_DECIDED, tables), row)

    def bot_stopped(self, cur: Cursor[Any], tables: Tables, bot_id: UUID, at: datetime) -> None:
        cur.execute(_sql(_BOT_STOPPED, tables), {"id": bot_id, "at": at})

    # Reads (query API, and the job's check for the end of a grid).

    def backtest(self, conn: Connection[Any], tables: Tables, backtest_id: UUID) -> dict[str, Any] | None:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(
                _sql("SELECT * FROM {backtests} WHERE backtest_id = %s", tables), (backtest_id,)
            ).fetchone()

    def optimization(self, conn: Connection[Any], tables: Tables, optimization_id: UUID) -> dict[str, Any] | None:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(
                _sql("SELECT * FROM {optimizations} WHERE optimization_id = %s", tables), (optimization_id,)
            ).fetchone()

    def ranked(self, conn: Connection[Any], tables: Tables, optimization_id: UUID, metric: str) -> list[dict[str, Any]]:
        """Every combination of a grid: finished ones by ``metric`` (best first), then the others."""
        assert metric in METRICS
        order = "ASC" if metric == "max_drawdown_pct" else "DESC"
        value = sql.SQL(
            "abs((stats->>{m})::numeric)" if metric == "max_drawdown_pct" else "(stats->>{m})::numeric"
        ).format(m=sql.Literal(metric))
        query = sql.SQL("""SELECT backtest_id, status, spec->'params' AS params, stats FROM {backtests}
            WHERE optimization_id = %s ORDER BY stats IS NULL, {value} {order} NULLS LAST, backtest_id""").format(
            backtests=tables[BACKTESTS], value=value, order=sql.SQL(order)
        )
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(query, (optimization_id,)).fetchall()

    def bots_of(self, conn: Connection[Any], tables: Tables, user_id: UUID) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(
                _sql("SELECT * FROM {bots} WHERE user_id = %s ORDER BY started_at DESC, bot_id", tables), (user_id,)
            ).fetchall()
