"""AnalyticsView's P&L quantiles are percentile_cont's definition, exact on NUMERIC."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import psycopg
import pytest
from psycopg import sql

from projections.analytics.view import QUANTILES, AnalyticsView
from projections.runtime.base import Tables

START = datetime(2026, 3, 1, tzinfo=UTC)


def type7(values: list[Decimal], fraction: Decimal) -> Decimal:
    """Linear interpolation between closest ranks, as percentile_cont (and R's type 7) define it."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (rank - low) * (ordered[high] - ordered[low])


def insert_closes(db: str, tables: Tables, pnls: list[Decimal]) -> None:
    rows = [
        (
            uuid.uuid4(),
            "close",
            uuid.uuid4(),
            "BTC-USD",
            "long",
            Decimal(1),
            Decimal(1),
            Decimal(1),
            Decimal(0),
            1,
            Decimal(1),
            pnl,
            START + timedelta(minutes=i),
            i + 1,
        )
        for i, pnl in enumerate(pnls)
    ]
    query = sql.SQL(
        "INSERT INTO {} (position_id, kind, user_id, symbol, side, quantity, price, notional, fee,"
        " leverage, margin, net_pnl, occurred_at, log_position)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    ).format(tables["trade_facts"])
    with psycopg.connect(db) as conn, conn.cursor() as cur:
        cur.executemany(query, rows)


@pytest.mark.parametrize("size", [1, 2, 7, 250])
def test_quantiles_equal_percentile_cont_exactly_when_computed_on_numeric(db: str, analytics: Tables, size: int):
    rng = random.Random(size)
    pnls = [Decimal(rng.randint(-5_000_000, 5_000_000)) / 100 for _ in range(size)]
    insert_closes(db, analytics, pnls)
    with psycopg.connect(db) as conn:
        found = AnalyticsView(analytics).pnl_distribution(conn, None, None)
        row = conn.execute(
            sql.SQL("SELECT percentile_cont(%s::float8[]) WITHIN GROUP (ORDER BY net_pnl) FROM {}").format(
                analytics["trade_facts"]
            ),
            ([float(f) for _, f in QUANTILES],),
        ).fetchone()
    assert row is not None
    as_floats = row[0]
    assert found.quantiles == {name: type7(pnls, fraction) for name, fraction in QUANTILES}
    assert [float(q) for name, _ in QUANTILES if (q := found.quantiles[name]) is not None] == pytest.approx(
        as_floats, abs=1e-6
    )
    assert (found.count, found.sum, found.min, found.max) == (size, sum(pnls), min(pnls), max(pnls))


def test_window_bounds_include_start_and_exclude_end(db: str, analytics: Tables):
    insert_closes(db, analytics, [Decimal("1.00"), Decimal("2.00"), Decimal("3.00")])  # at +0, +1, +2 minutes
    with psycopg.connect(db) as conn:
        view = AnalyticsView(analytics)
        inside = view.pnl_distribution(conn, START + timedelta(minutes=1), START + timedelta(minutes=2))
        from_start = view.pnl_distribution(conn, START, None)
        empty = view.pnl_distribution(conn, START + timedelta(days=1), None)
    assert (inside.count, inside.sum) == (1, Decimal("2.00"))
    assert (from_start.count, from_start.mean) == (3, Decimal("2.0000"))
    assert (empty.count, empty.mean, empty.quantiles["p50"]) == (0, None, None)


def test_mean_is_rounded_half_even_to_four_decimals(db: str, analytics: Tables):
    insert_closes(db, analytics, [Decimal("0.01"), Decimal("0.01"), Decimal("0.00")])
    with psycopg.connect(db) as conn:
        found = AnalyticsView(analytics).pnl_distribution(conn, None, None)
    assert found.mean == Decimal("0.0067")
