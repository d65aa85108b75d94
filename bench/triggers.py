"""What one price tick costs the trigger policy (projections/policies/liquidation.py) as the watch tables grow.

The policy's own tables are filled straight with generate_series: N open positions (liquidation rows), N exits
(a third each stop loss, take profit, trailing stop) and N resting orders on one symbol, at prices spread
around 100. Then, for ticks that reach none of them, it times the policy's four per-tick statements
(liquidations, exits and orders reached; the trailing-stop update) — the SQL the runtime runs per tick, not
the commands reached rows trigger — and prints p50/p99 per tick for each N. Flat figures across N mean index
range reads, not scans.

    .venv/bin/python -m bench.triggers [--sizes 1000 100000] [--ticks 300]
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from typing import Any
from uuid import uuid4

import psycopg
from psycopg import sql

from bench.common import BENCH_DATABASE_URL, machine, percentile
from event_store.config import eventsourcing_env
from event_store.schema import ensure_database
from projections.policies import liquidation as policy
from projections.runtime.base import Tables

MARKET = uuid4()
FILL = (
    """INSERT INTO {watch} SELECT gen_random_uuid(), %(market)s, 'BTC-USD',
        CASE WHEN g %% 2 = 0 THEN 'long' ELSE 'short' END,
        CASE WHEN g %% 2 = 0 THEN 50 + (g %% 4000) / 100.0 ELSE 150 - (g %% 4000) / 100.0 END, 1
    FROM generate_series(1, %(n)s) g""",
    """INSERT INTO {exits} SELECT gen_random_uuid(), (ARRAY['stop_loss','take_profit','trailing_stop'])[g %% 3 + 1],
        %(market)s, CASE WHEN g %% 2 = 0 THEN 'down' ELSE 'up' END,
        CASE WHEN g %% 2 = 0 THEN 60 + (g %% 3000) / 100.0 ELSE 140 - (g %% 3000) / 100.0 END,
        CASE WHEN g %% 3 = 2 THEN 5 END, CASE WHEN g %% 3 = 2 THEN 100 END, 1
    FROM generate_series(1, %(n)s) g""",
    """INSERT INTO {orders} SELECT gen_random_uuid(), %(market)s, CASE WHEN g %% 2 = 0 THEN 'down' ELSE 'up' END,
        CASE WHEN g %% 2 = 0 THEN 60 + (g %% 3000) / 100.0 ELSE 140 - (g %% 3000) / 100.0 END, 1
    FROM generate_series(1, %(n)s) g""",
)
STATEMENTS = {
    "liquidations": policy._REACHED,
    "exits": policy._EXITS_REACHED,
    "orders": policy._ORDERS_REACHED,
    "trailing": policy._TRAIL,
}


def run(size: int, ticks: int, conninfo: str) -> dict[str, Any]:
    schema = f"bench_triggers_{size}"
    tables = Tables(schema)
    with psycopg.connect(conninfo, autocommit=True, prepare_threshold=5) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        for ddl in policy.LiquidationPolicy().create_tables(tables):
            conn.execute(sql.Composed([ddl]))
        names = {"watch": tables[policy.WATCH], "exits": tables[policy.EXITS], "orders": tables[policy.ORDERS]}
        for fill in FILL:
            conn.execute(sql.SQL(fill).format(**names), {"market": MARKET, "n": size})
        for name in names.values():
            conn.execute(sql.SQL("ANALYZE {}").format(name))
        timings: dict[str, list[float]] = {"flat": [], "rising": []}
        for mode, step in (("flat", Decimal(0)), ("rising", Decimal("0.001"))):
            for i in range(ticks):
                # At 100 no row is reached (they sit at 50-90 and 110-150) and no trailing stop's best moves:
                # the pure cost of finding what a tick reaches. Rising: each tick is a new best for every long's
                # trailing stop (a third of the exits), which all move (O(moved), the work itself).
                params = {"market": MARKET, "price": Decimal(100) + step * (i + 1), "tick": 10**9 + i}
                start = time.perf_counter()
                for text in STATEMENTS.values():
                    cur = conn.execute(sql.SQL(text).format(**names), params)
                    if cur.description:
                        assert cur.fetchall() == []
                timings[mode].append(time.perf_counter() - start)
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    return {
        "rows per table": size,
        **{
            f"{mode} tick p50/p99 ms": (round(percentile(t, 50) * 1000, 2), round(percentile(t, 99) * 1000, 2))
            for mode, t in timings.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--ticks", type=int, default=300)
    args = parser.parse_args()
    env = eventsourcing_env(BENCH_DATABASE_URL, schema="public", pool_size=1)
    ensure_database(env)
    conninfo = BENCH_DATABASE_URL
    print(machine())
    for size in args.sizes:
        print(run(size, args.ticks, conninfo))


if __name__ == "__main__":
    main()
