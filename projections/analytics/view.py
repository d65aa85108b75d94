"""The reads the query API makes on the analytics tables: volume pages, active traders, P&L quantiles.

Every read runs on the caller's connection, so the caller picks the snapshot (one
REPEATABLE READ transaction with the tracking position).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import tuple_row

from projections.analytics import engagement, statements
from projections.analytics.buckets import (
    Interval,
    bucket_start_of,
    bucket_starts,
    column_value,
    first_bucket_at_or_after,
)
from projections.runtime.base import Tables

QUANTILES: tuple[tuple[str, Decimal], ...] = tuple((f"p{p}", Decimal(p) / 100) for p in (5, 10, 25, 50, 75, 90, 95))
MEAN_PLACES = Decimal("0.0001")
_WIDE = Context(prec=60)
_VOLUME_TABLE = {"hour": statements.VOLUME_HOURLY, "day": statements.VOLUME_DAILY}
_ACTIVITY_TABLE = {"hour": statements.ACTIVITY_HOURLY, "day": statements.ACTIVITY_DAILY}


@dataclass(frozen=True)
class VolumeRow:
    """Traded notional of one symbol in one UTC bucket (every open and every close counts)."""

    bucket_start: datetime
    symbol: str
    volume: Decimal
    trade_count: int
    open_count: int
    close_count: int
    liquidation_count: int
    fees: Decimal
    net_pnl: Decimal


@dataclass(frozen=True)
class VolumeKey:
    """Where a page of volume rows ends; the next page starts after it."""

    bucket_start: datetime
    symbol: str


@dataclass(frozen=True)
class ActiveTraders:
    """Distinct users with at least one open or close in one UTC bucket."""

    bucket_start: datetime
    active_traders: int


@dataclass(frozen=True)
class PnlDistribution:
    """Net realized P&L of the closes in a window: count, sum, mean, min, quantiles, max."""

    count: int
    sum: Decimal | None
    mean: Decimal | None
    min: Decimal | None
    quantiles: dict[str, Decimal | None]  # p5 … p95: None when count is 0
    max: Decimal | None


@dataclass(frozen=True)
class EngagementDay:
    """One UTC day: XP earned (awards, flagged ones, distinct earners) and achievements unlocked."""

    day: date
    xp_earned: int
    xp_awards: int
    flagged_awards: int
    users_earning: int
    achievements_unlocked: int


@dataclass(frozen=True)
class ClanSize:
    """A clan's member count of the moment (clan names are public)."""

    clan_id: UUID
    name: str
    members: int


@dataclass(frozen=True)
class Engagement:
    """Every day of a range (zero days included), unlocks per achievement, and the largest clans now."""

    days: list[EngagementDay]
    achievements: dict[str, int]
    largest_clans: list[ClanSize]


# percentile_cont's own definition (linear interpolation between the values at
# floor((n-1)p) and the next), computed on NUMERIC: PostgreSQL's percentile_cont
# takes double precision only, which would turn exact cents into binary floats.
_PNL = """WITH closes AS MATERIALIZED (
    SELECT net_pnl FROM {trade_facts} WHERE net_pnl IS NOT NULL {window}),
stats AS (SELECT count(*) AS n, sum(net_pnl) AS total, min(net_pnl) AS low, max(net_pnl) AS high FROM closes),
wanted AS (SELECT q.fraction, (s.n - 1) * q.fraction AS rank, floor((s.n - 1) * q.fraction)::bigint AS i
    FROM stats s CROSS JOIN unnest(%(fractions)s::numeric[]) AS q(fraction) WHERE s.n > 0),
ranked AS (SELECT net_pnl, lead(net_pnl) OVER w AS next_pnl, row_number() OVER w - 1 AS i
    FROM closes WINDOW w AS (ORDER BY net_pnl)),
quantiles AS (SELECT w.fraction, r.net_pnl + (w.rank - w.i) * (COALESCE(r.next_pnl, r.net_pnl) - r.net_pnl) AS value
    FROM wanted w JOIN ranked r ON r.i = w.i)
SELECT s.n, s.total, s.low, s.high, ARRAY(SELECT value FROM quantiles ORDER BY fraction) FROM stats s"""


class AnalyticsView:
    """Reads of the analytics tables of one ``Tables`` (schema and suffix)."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def volume(
        self,
        conn: Connection[Any],
        interval: Interval,
        start: datetime,
        end: datetime,
        *,
        symbol: str | None,
        limit: int,
        after: VolumeKey | None = None,
    ) -> list[VolumeRow]:
        """Up to ``limit`` rows of buckets starting in ``[start, end)``, by bucket then symbol, after ``after``."""
        bucket = sql.Identifier(interval)
        conditions: list[sql.Composable] = [sql.SQL("{b} >= %(lo)s AND {b} < %(hi)s").format(b=bucket)]
        if symbol is not None:
            conditions.append(sql.SQL("symbol = %(symbol)s"))
        if after is not None:
            conditions.append(sql.SQL("({b}, symbol) > (%(after_bucket)s, %(after_symbol)s)").format(b=bucket))
        query = sql.SQL(
            "SELECT {b}, symbol, volume, trade_count, open_count, close_count, liquidation_count, fees, net_pnl"
            " FROM {table} WHERE {conditions} ORDER BY {b}, symbol LIMIT %(limit)s"
        ).format(b=bucket, table=self.tables[_VOLUME_TABLE[interval]], conditions=sql.SQL(" AND ").join(conditions))
        params = {
            "lo": _first(start, interval),
            "hi": _first(end, interval),
            "symbol": symbol,
            "limit": limit,
            "after_bucket": after and column_value(after.bucket_start, interval),
            "after_symbol": after and after.symbol,
        }
        with conn.cursor(row_factory=tuple_row) as cur:
            rows = cur.execute(query, params).fetchall()
        return [VolumeRow(bucket_start_of(r[0]), *r[1:]) for r in rows]

    def active_traders(
        self, conn: Connection[Any], interval: Interval, start: datetime, end: datetime
    ) -> list[ActiveTraders]:
        """Every bucket starting in ``[start, end)`` with its count of distinct traders (0 included)."""
        bucket = sql.Identifier(interval)
        query = sql.SQL("SELECT {b}, count(*) FROM {table} WHERE {b} >= %(lo)s AND {b} < %(hi)s GROUP BY {b}").format(
            b=bucket, table=self.tables[_ACTIVITY_TABLE[interval]]
        )
        with conn.cursor(row_factory=tuple_row) as cur:
            rows = cur.execute(query, {"lo": _first(start, interval), "hi": _first(end, interval)}).fetchall()
        counts = {bucket_start_of(value): count for value, count in rows}
        return [ActiveTraders(b, counts.get(b, 0)) for b in bucket_starts(start, end, interval)]

    def pnl_distribution(self, conn: Connection[Any], start: datetime | None, end: datetime | None) -> PnlDistribution:
        """Net P&L of the closes with ``start <= occurred_at < end`` (either bound may be open)."""
        window = [sql.SQL("AND occurred_at >= %(start)s")] if start is not None else []
        window += [sql.SQL("AND occurred_at < %(end)s")] if end is not None else []
        query = sql.SQL(_PNL).format(trade_facts=self.tables[statements.TRADE_FACTS], window=sql.SQL(" ").join(window))
        params = {"start": start, "end": end, "fractions": [fraction for _, fraction in QUANTILES]}
        with conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(query, params).fetchone()
        assert row is not None  # an aggregate always answers one row
        count, total, low, high, values = row
        mean = None if not count else _WIDE.divide(total, Decimal(count)).quantize(MEAN_PLACES, ROUND_HALF_EVEN)
        quantiles = {name: values[i] if count else None for i, (name, _) in enumerate(QUANTILES)}
        return PnlDistribution(count, total, mean, low, quantiles, high)

    def engagement(self, conn: Connection[Any], start: datetime, end: datetime, clans: int) -> Engagement:
        """The days starting in ``[start, end)``, their unlocks by achievement, and the ``clans`` largest clans."""
        window = {"lo": _first(start, "day"), "hi": _first(end, "day"), "clans": clans}
        with conn.cursor(row_factory=tuple_row) as cur:
            xp = {
                r[0]: r[1:]
                for r in cur.execute(
                    sql.SQL(
                        "SELECT day, xp_earned, awards, flagged_awards, users_earning FROM {t}"
                        " WHERE day >= %(lo)s AND day < %(hi)s"
                    ).format(t=self.tables[engagement.XP_DAILY]),
                    window,
                )
            }
            unlocked = cur.execute(
                sql.SQL(
                    "SELECT day, achievement, unlocked FROM {t} WHERE day >= %(lo)s AND day < %(hi)s"
                    " ORDER BY achievement"
                ).format(t=self.tables[engagement.ACHIEVEMENTS_DAILY]),
                window,
            ).fetchall()
            largest = cur.execute(
                sql.SQL(
                    "SELECT clan_id, name, members FROM {t} WHERE members > 0 ORDER BY members DESC, name, clan_id"
                    " LIMIT %(clans)s"
                ).format(t=self.tables[engagement.CLAN_SIZES]),
                window,
            ).fetchall()
        per_day: dict[date, int] = {}
        per_achievement: dict[str, int] = {}
        for day, achievement, count in unlocked:
            per_day[day] = per_day.get(day, 0) + count
            per_achievement[achievement] = per_achievement.get(achievement, 0) + count
        days = []
        for bucket in bucket_starts(start, end, "day"):
            day = bucket.date()
            earned, awards, flagged, earners = xp.get(day, (0, 0, 0, 0))
            days.append(EngagementDay(day, earned, awards, flagged, earners, per_day.get(day, 0)))
        return Engagement(days, per_achievement, [ClanSize(*row) for row in largest])


def _first(instant: datetime, interval: Interval) -> Any:
    """The stored value of the first bucket starting at or after ``instant``."""
    return column_value(first_bucket_at_or_after(instant, interval), interval)
