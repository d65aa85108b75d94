"""Boards, buckets and the Redis member encoding: pure rules, plus the ROI rounding in PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import sql

from projections.leaderboard import statements
from projections.leaderboard.boards import ALL_BUCKET, Board, Metric, Window, bucket_of, roi_percent
from projections.leaderboard.live.keys import member, parse_member, value_of
from tests.support import TEST_DATABASE_URL

D = Decimal


@pytest.mark.parametrize(
    ("instant", "day", "week", "week_label"),
    [
        (datetime(2026, 1, 4, 23, 59, 59, tzinfo=UTC), date(2026, 1, 4), date(2025, 12, 29), "2026-W01"),
        (datetime(2026, 1, 5, 0, 0, tzinfo=UTC), date(2026, 1, 5), date(2026, 1, 5), "2026-W02"),
        (datetime(2026, 1, 11, 23, 59, tzinfo=UTC), date(2026, 1, 11), date(2026, 1, 5), "2026-W02"),
        (datetime(2025, 12, 31, 12, 0, tzinfo=UTC), date(2025, 12, 31), date(2025, 12, 29), "2026-W01"),
    ],
)
def test_an_instant_falls_in_its_utc_day_and_iso_week(instant: datetime, day: date, week: date, week_label: str):
    # Given an instant / When bucketed / Then the UTC day, the Monday of its ISO week, and one all-time bucket
    assert bucket_of(Window.DAY, instant) == day
    assert bucket_of(Window.WEEK, instant) == week
    assert bucket_of(Window.ALL, instant) == ALL_BUCKET
    assert Board(Metric.XP, Window.WEEK, week).label == week_label
    assert Board(Metric.XP, Window.DAY, day).label == day.isoformat()
    assert Board(Metric.XP, Window.ALL, ALL_BUCKET).label is None


def test_utc_decides_the_day_when_the_instant_has_another_offset():
    late_in_new_york = datetime(2026, 1, 4, 22, 0, tzinfo=timezone(timedelta(hours=-5)))  # 03:00 UTC on the 5th
    assert bucket_of(Window.DAY, late_in_new_york) == date(2026, 1, 5)


def test_members_sort_like_postgresql_when_redis_reverses_them():
    # Given entries of equal value, reached at various positions by various users
    entries = [(random.randrange(1, 2**62), uuid4()) for _ in range(200)]
    entries += [(entries[0][0], uuid4()) for _ in range(5)]  # same position, different users
    # When Redis orders equal scores by member, descending
    redis_order = sorted(entries, key=lambda e: member(*e), reverse=True)
    # Then that is reached position ascending, then user id ascending
    assert redis_order == sorted(entries, key=lambda e: (e[0], e[1].hex))
    assert all(parse_member(member(p, u)) == (p, u) for p, u in entries)


def test_scores_come_back_at_the_metric_scale():
    assert value_of(Metric.REALIZED_PNL, repr(float(D("-12345678.91")))) == D("-12345678.91")
    assert value_of(Metric.XP, b"120") == D("120")
    assert value_of(Metric.ROI, "0.98") == D("0.98")


@pytest.mark.parametrize(
    ("pnl", "deposits", "expected"),
    [
        ("1.25", "1000.00", "0.12"),  # 0.125 % → half to even
        ("1.35", "1000.00", "0.14"),  # 0.135 %
        ("-1.25", "1000.00", "-0.12"),
        ("9.79", "1000.00", "0.98"),
        ("-10.19", "2000.00", "-0.51"),
        ("100.00", "3.00", "3333.33"),
        ("0.00", "500.00", "0.00"),
    ],
)
def test_roi_rounds_half_to_even_in_python_and_in_postgresql(pnl: str, deposits: str, expected: str):
    # Given realized P&L and deposits / Then the ROI percentage, identical in both places
    assert roi_percent(D(pnl), D(deposits)) == D(expected)
    query = sql.SQL("SELECT {} FROM (VALUES (%s::numeric)) AS p(value), (VALUES (%s::numeric)) AS a(deposits)").format(
        sql.SQL(statements._ROI)
    )
    with psycopg.connect(TEST_DATABASE_URL) as conn:
        row = conn.execute(query, (D(pnl), D(deposits))).fetchone()
    assert row is not None and row[0] == D(expected)


def test_roi_is_none_without_deposits():
    assert roi_percent(D("5.00"), D("0")) is None


def test_a_clan_board_is_the_global_board_restricted():
    clan = UUID(int=7)
    board = Board.current(Metric.ROI, Window.WEEK, datetime(2026, 1, 7, tzinfo=UTC))
    assert board.in_clan(clan) == Board(Metric.ROI, Window.WEEK, date(2026, 1, 5), clan)
    assert board.in_clan(clan).global_board() == board
