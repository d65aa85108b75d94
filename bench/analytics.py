"""Analytics query latency: volume by day over a month, pre-aggregated vs. from the fact table.

1,000,000 trade rows (500,000 positions, each an open and a close, a year of trading
over 20 symbols and 5,000 traders) are generated straight into the fact table with
generate_series (not through the event store), and the rollups are built from them
in bulk. Then, for the same random 30-day windows (all symbols), it times
- the pre-aggregated read the query API makes (``AnalyticsView.volume`` on ``volume_daily``);
- the same figures computed from ``trade_facts`` (GROUP BY day, symbol);
checks both answer the same rows, and prints p50/p99 of each and their ratio (median of runs).

    .venv/bin/python -m bench.analytics [--positions 500000] [--queries 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql

from bench.common import BENCH_DATABASE_URL, machine, median, percentile
from event_store.config import eventsourcing_env
from event_store.schema import ensure_database
from projections.analytics.projection import AnalyticsProjection
from projections.analytics.statements import TABLES
from projections.analytics.view import AnalyticsView
from projections.runtime.base import Tables

YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
WINDOW = timedelta(days=30)

# Deterministic pseudo-random trades: g is the position number; a close follows its open by up to 10 hours.
GENERATE_FACTS = """INSERT INTO {trade_facts} (position_id, kind, user_id, symbol, side, quantity, price, notional,
    fee, leverage, margin, gross_pnl, net_pnl, uncovered_loss, occurred_at, log_position)
SELECT md5('p' || g)::uuid, k.kind, md5('u' || (g * 7919 %% %(users)s))::uuid,
    'S' || lpad((g * 31 %% %(symbols)s)::text, 2, '0') || '-USD', CASE WHEN g %% 2 = 0 THEN 'long' ELSE 'short' END,
    v.quantity, k.price, v.quantity * k.price, round(v.quantity * k.price * 0.001, 2), v.leverage,
    round(v.quantity * v.entry / v.leverage, 2), k.gross, k.gross - round(v.quantity * k.price * 0.001, 2) * 2,
    CASE WHEN k.kind = 'close' THEN 0.00 END, k.occurred_at, g * 2 + (k.kind = 'close')::int
FROM generate_series(1::bigint, %(positions)s) AS g,
LATERAL (SELECT (1 + g %% 97) / 100.0 AS quantity, 1 + g %% 10 AS leverage, 100 + g %% 1000 AS entry,
    100 + (g * 7) %% 1000 AS exit) AS v,
LATERAL (VALUES ('open', v.entry, NULL::numeric, %(start)s + g * %(spacing)s * interval '1 second'),
    ('close', v.exit, round((v.exit - v.entry) * v.quantity, 2),
     %(start)s + g * %(spacing)s * interval '1 second' + (g %% 600) * interval '1 minute'))
    AS k(kind, price, gross, occurred_at)"""

_DAY = "(occurred_at AT TIME ZONE 'UTC')::date"
_HOUR = "date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
ROLLUP_VOLUME = """INSERT INTO {table} SELECT {bucket}, symbol, sum(notional), count(*),
    count(*) FILTER (WHERE kind = 'open'), count(*) FILTER (WHERE kind = 'close'),
    count(*) FILTER (WHERE kind = 'liquidation'), sum(fee), COALESCE(sum(net_pnl), 0.00)
FROM {trade_facts} GROUP BY 1, 2"""
ROLLUP_ACTIVITY = """INSERT INTO {table} SELECT {bucket}, user_id, count(*), sum(notional)
FROM {trade_facts} GROUP BY 1, 2"""

FROM_FACTS = """SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, symbol, sum(notional), count(*),
    count(*) FILTER (WHERE kind = 'open'), count(*) FILTER (WHERE kind = 'close'),
    count(*) FILTER (WHERE kind = 'liquidation'), sum(fee), COALESCE(sum(net_pnl), 0.00)
FROM {trade_facts} WHERE occurred_at >= %(lo)s AND occurred_at < %(hi)s GROUP BY 1, 2 ORDER BY 1, 2"""


def populate(conn: psycopg.Connection[Any], tables: Tables, positions: int, symbols: int, users: int) -> None:
    """The fact table and every rollup, in bulk; then ANALYZE."""
    spacing = int(timedelta(days=365).total_seconds()) // positions
    params = {"positions": positions, "symbols": symbols, "users": users, "start": YEAR_START, "spacing": spacing}
    with conn.transaction():
        for statement in AnalyticsProjection().create_tables(tables):
            conn.execute(sql.Composed([statement]))
        conn.execute(sql.SQL(GENERATE_FACTS).format(trade_facts=tables["trade_facts"]), params)
        for table, bucket in (("volume_daily", _DAY), ("volume_hourly", _HOUR)):
            conn.execute(
                sql.SQL(ROLLUP_VOLUME).format(
                    table=tables[table], bucket=sql.SQL(bucket), trade_facts=tables["trade_facts"]
                )
            )
        for table, bucket in (("trader_activity_daily", _DAY), ("trader_activity_hourly", _HOUR)):
            conn.execute(
                sql.SQL(ROLLUP_ACTIVITY).format(
                    table=tables[table], bucket=sql.SQL(bucket), trade_facts=tables["trade_facts"]
                )
            )
    for logical in TABLES:
        conn.execute(sql.SQL("ANALYZE {}").format(tables[logical]))


def windows(count: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    return [YEAR_START + timedelta(days=rng.randrange(0, 365 - 30)) for _ in range(count)]


def timed(run: Callable[[datetime], list[Any]], starts: list[datetime]) -> tuple[list[float], list[list[Any]]]:
    """Milliseconds per query, and each query's rows."""
    latencies, answers = [], []
    for start in starts:
        began = time.perf_counter()
        answers.append(run(start))
        latencies.append((time.perf_counter() - began) * 1000)
    return latencies, answers


def one_run(conn: psycopg.Connection[Any], tables: Tables, queries: int, seed: int) -> tuple[float, ...]:
    view, starts = AnalyticsView(tables), windows(queries, seed)
    from_facts = sql.SQL(FROM_FACTS).format(trade_facts=tables["trade_facts"])

    def aggregated(start: datetime) -> list[Any]:
        rows = view.volume(conn, "day", start, start + WINDOW, symbol=None, limit=1000)
        return [(r.bucket_start.date(), r.symbol, r.volume, r.trade_count, r.fees) for r in rows]

    def computed(start: datetime) -> list[Any]:
        rows = conn.execute(from_facts, {"lo": start, "hi": start + WINDOW}).fetchall()
        return [(r[0], r[1], r[2], r[3], r[7]) for r in rows]

    timed(aggregated, starts[:10])  # warm-up: caches and prepared statements
    timed(computed, starts[:10])
    fast, fast_rows = timed(aggregated, starts)
    slow, slow_rows = timed(computed, starts)
    assert fast_rows == slow_rows, "pre-aggregated and fact-table answers differ"
    return percentile(fast, 50), percentile(fast, 99), percentile(slow, 50), percentile(slow, 99), len(fast_rows[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=500_000, help="each is two trade rows (open, close)")
    parser.add_argument("--symbols", type=int, default=20)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = eventsourcing_env(BENCH_DATABASE_URL, schema="bench_analytics")
    ensure_database(env)
    tables = Tables(f"bench_analytics_{int(time.time())}")
    with psycopg.connect(BENCH_DATABASE_URL, autocommit=True) as conn:
        try:
            began = time.perf_counter()
            populate(conn, tables, args.positions, args.symbols, args.users)
            rows = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(tables["trade_facts"])).fetchone()
            print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f}")
            print(f"generated {rows[0] if rows else 0:,} trade rows + rollups in {time.perf_counter() - began:.1f} s")
            results = [one_run(conn, tables, args.queries, seed) for seed in range(args.runs)]
            report(results, args.queries)
        finally:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(tables.schema)))


def report(results: list[tuple[float, ...]], queries: int) -> None:
    fast50, fast99, slow50, slow99 = (median([r[i] for r in results]) for i in range(4))
    print(
        f"volume by day over 30 days, all symbols ({int(results[0][4])} rows per answer), "
        f"{queries} queries x {len(results)} runs (median of runs):"
    )
    print(f"  pre-aggregated (volume_daily): p50 {fast50:8.2f} ms   p99 {fast99:8.2f} ms")
    print(f"  from trade_facts (GROUP BY):   p50 {slow50:8.2f} ms   p99 {slow99:8.2f} ms")
    print(f"  ratio fact/pre-aggregated:     p50 {slow50 / fast50:8.1f} x   p99 {slow99 / fast99:8.1f} x")
    print(f"  target p99 < 50 ms pre-aggregated: {'met' if fast99 < 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
