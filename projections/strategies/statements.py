"""The SQL of the ``backtests``, ``optimizations`` and ``bots`` tables: DDL, one idempotent statement per event, reads.

| table | rows |
|---|---|
| backtests | backtest_id, user_id, optimization_id, strategy, symbol, interval, spec (jsonb, as requested), status (queued, running, done, failed), stats (jsonb of decimal strings), failure, results_digest, requested_at, started_at, finished_at, last_event_position |
| optimizations | optimization_id, user_id, strategy, metric, spec, grid (jsonb), combinations, status (running, done), best_backtest_id, requested_at, completed_at |
| bots | bot_id, user_id, strategy, params, symbol, interval, quantity, equity_fraction, leverage, status (running, stopped), decisions, last_candle_at, exposure, position_id, last_refused, started_at, stopped_at |
"""  # noqa: E501

from __future__ import annotations

from projections.runtime.statements import StatementSet

BACKTESTS, OPTIMIZATIONS, BOTS = "backtests", "optimizations", "bots"
TABLES = (BACKTESTS, OPTIMIZATIONS, BOTS)
# What GET /v1/optimizations/{id} may rank by; drawdown ranks smallest first, the others largest first.
METRICS = ("net_pnl", "return_pct", "sharpe", "win_rate_pct", "final_equity", "max_drawdown_pct")

DDL = (
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
REQUESTED = """INSERT INTO {backtests} (backtest_id, user_id, optimization_id, strategy, symbol, interval, spec,
    status, requested_at, last_event_position)
VALUES (%(id)s, %(user)s, %(opt)s, %(strategy)s, %(symbol)s, %(interval)s, %(spec)s, 'queued', %(at)s, %(pos)s)
ON CONFLICT (backtest_id) DO NOTHING"""
STARTED = """UPDATE {backtests} SET status = 'running', started_at = %(at)s, last_event_position = %(pos)s
WHERE backtest_id = %(id)s AND last_event_position < %(pos)s"""
FINISHED = """UPDATE {backtests} SET status = %(status)s, stats = %(stats)s, failure = %(failure)s,
    results_digest = %(digest)s, finished_at = %(at)s, last_event_position = %(pos)s
WHERE backtest_id = %(id)s AND last_event_position < %(pos)s"""
GRID = """INSERT INTO {optimizations} (optimization_id, user_id, strategy, metric, spec, grid, combinations, status,
    requested_at) VALUES (%(id)s, %(user)s, %(strategy)s, %(metric)s, %(spec)s, %(grid)s, %(n)s, 'running', %(at)s)
ON CONFLICT (optimization_id) DO NOTHING"""
GRID_DONE = """UPDATE {optimizations} SET status = 'done', best_backtest_id = %(best)s, completed_at = %(at)s
WHERE optimization_id = %(id)s"""
BOT = """INSERT INTO {bots} (bot_id, user_id, strategy, params, symbol, interval, quantity, equity_fraction, leverage,
    status, started_at) VALUES (%(id)s, %(owner_id)s, %(strategy)s, %(params)s, %(symbol)s, %(interval)s, %(quantity)s,
    %(equity_fraction)s, %(leverage)s, 'running', %(at)s)
ON CONFLICT (bot_id) DO NOTHING"""
# Decisions are applied in candle order (the aggregate refuses older ones), so guarding on the candle makes the
# counter idempotent.
DECIDED = """UPDATE {bots} SET decisions = decisions + 1, last_candle_at = %(candle)s, position_id = %(position)s,
    exposure = CASE WHEN %(exposure)s::integer IS NULL OR %(refused)s::text IS NOT NULL THEN exposure
                    ELSE %(exposure)s::integer END,
    last_refused = %(refused)s
WHERE bot_id = %(id)s AND (last_candle_at IS NULL OR last_candle_at < %(candle)s)"""
BOT_STOPPED = "UPDATE {bots} SET status = 'stopped', stopped_at = %(at)s WHERE bot_id = %(id)s"
BACKTEST = "SELECT * FROM {backtests} WHERE backtest_id = %s"
OPTIMIZATION = "SELECT * FROM {optimizations} WHERE optimization_id = %s"
BOTS_OF = "SELECT * FROM {bots} WHERE user_id = %s ORDER BY started_at DESC, bot_id"

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={
        "backtests_user": (BACKTESTS, "_user_idx"),
        "backtests_grid": (BACKTESTS, "_grid_idx"),
        "bots_user": (BOTS, "_user_idx"),
    },
    statements={
        "requested": REQUESTED,
        "started": STARTED,
        "finished": FINISHED,
        "grid": GRID,
        "grid_done": GRID_DONE,
        "bot": BOT,
        "decided": DECIDED,
        "bot_stopped": BOT_STOPPED,
        "backtest": BACKTEST,
        "optimization": OPTIMIZATION,
        "bots_of": BOTS_OF,
    },
)
