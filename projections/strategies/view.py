"""The strategies view: the query API's reads of backtests, grids and bots (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.runtime.base import Tables
from projections.strategies import statements


class StrategiesView:
    """Backtests, grids ranked by a metric, and a user's bots."""

    def backtest(self, conn: Connection[Any], tables: Tables, backtest_id: UUID) -> dict[str, Any] | None:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(statements.SQL.render(tables).backtest, (backtest_id,)).fetchone()

    def optimization(self, conn: Connection[Any], tables: Tables, optimization_id: UUID) -> dict[str, Any] | None:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(statements.SQL.render(tables).optimization, (optimization_id,)).fetchone()

    def ranked(self, conn: Connection[Any], tables: Tables, optimization_id: UUID, metric: str) -> list[dict[str, Any]]:
        """Every combination of a grid: finished ones by ``metric`` (best first), then the others."""
        assert metric in statements.METRICS
        order = "ASC" if metric == "max_drawdown_pct" else "DESC"
        value = sql.SQL(
            "abs((stats->>{m})::numeric)" if metric == "max_drawdown_pct" else "(stats->>{m})::numeric"
        ).format(m=sql.Literal(metric))
        query = sql.SQL("""SELECT backtest_id, status, spec->'params' AS params, stats FROM {backtests}
            WHERE optimization_id = %s ORDER BY stats IS NULL, {value} {order} NULLS LAST, backtest_id""").format(
            backtests=tables[statements.BACKTESTS], value=value, order=sql.SQL(order)
        )
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(query, (optimization_id,)).fetchall()

    def bots_of(self, conn: Connection[Any], tables: Tables, user_id: UUID) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(statements.SQL.render(tables).bots_of, (user_id,)).fetchall()
