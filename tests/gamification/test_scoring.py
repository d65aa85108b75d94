"""Scoring math of api.md: XP per close, streaks and levels (exact numbers and properties)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aggregates.gamification import scoring

MONEY = st.decimals(
    min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2, allow_nan=False, allow_infinity=False
)
MARGIN = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2, allow_nan=False, allow_infinity=False
)
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
XP = st.integers(min_value=0, max_value=10**9)


def test_return_bonus_is_whole_percent_rounded_down_when_profitable() -> None:
    assert scoring.return_bonus(Decimal("8.99"), Decimal("100.00")) == 8
    assert scoring.return_bonus(Decimal("0.99"), Decimal("100.00")) == 0
    assert scoring.return_bonus(Decimal("12.34"), Decimal("10.00")) == 40


def test_return_bonus_is_zero_when_losing_or_flat() -> None:
    assert scoring.return_bonus(Decimal("-11.01"), Decimal("100.00")) == 0
    assert scoring.return_bonus(Decimal("0.00"), Decimal("100.00")) == 0


def test_levels_start_at_api_md_thresholds_when_xp_crosses_them() -> None:
    expected = {0: 1, 99: 1, 100: 2, 299: 2, 300: 3, 599: 3, 600: 4, 999: 4, 1000: 5, 1500: 6}
    assert {xp: scoring.level_for(xp) for xp in expected} == expected


def test_streak_bonus_grows_by_five_and_caps_at_25_when_days_are_consecutive() -> None:
    assert [scoring.streak_bonus(s) for s in range(1, 8)] == [5, 10, 15, 20, 25, 25, 25]


def test_streak_rules_when_same_next_or_later_day() -> None:
    monday = date(2026, 1, 5)
    assert scoring.next_streak(None, 0, monday) == 1
    assert scoring.next_streak(monday, 3, monday) == 3
    assert scoring.next_streak(monday, 3, monday + timedelta(days=1)) == 4
    assert scoring.next_streak(monday, 3, monday + timedelta(days=2)) == 1


def test_close_earns_10_plus_return_plus_streak_when_first_of_the_day() -> None:
    score = scoring.score_close(Decimal("8.99"), Decimal("100.00"), None, 0, date(2026, 1, 5))
    assert (score.base, score.return_bonus, score.streak_bonus, score.streak, score.xp) == (10, 8, 5, 1, 23)


def test_close_earns_no_streak_bonus_when_not_first_of_the_day() -> None:
    day = date(2026, 1, 5)
    score = scoring.score_close(Decimal("-3.00"), Decimal("100.00"), day, 1, day)
    assert (score.xp, score.streak) == (10, 1)


@given(XP)
def test_level_is_the_highest_whose_threshold_is_reached_for_any_xp(xp: int) -> None:
    level = scoring.level_for(xp)
    assert level >= 1
    assert scoring.level_threshold(level) <= xp < scoring.level_threshold(level + 1)


@given(XP, XP)
def test_levels_never_go_down_when_xp_grows(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert scoring.level_for(low) <= scoring.level_for(high)


@given(MONEY, MONEY, MARGIN)
def test_return_bonus_is_capped_and_monotonic_in_pnl_for_any_pnl(a: Decimal, b: Decimal, margin: Decimal) -> None:
    low, high = sorted((a, b))
    assert 0 <= scoring.return_bonus(low, margin) <= scoring.return_bonus(high, margin) <= scoring.RETURN_CAP


@given(MONEY, MARGIN, st.one_of(st.none(), DAYS), st.integers(min_value=0, max_value=400), DAYS)
def test_close_xp_stays_within_10_and_75_for_any_history(
    pnl: Decimal, margin: Decimal, last_day: date | None, streak: int, day: date
) -> None:
    # A history with a last close day has a streak of at least 1.
    score = scoring.score_close(pnl, margin, last_day, max(1, streak) if last_day else 0, day)
    assert scoring.BASE_XP <= score.xp <= scoring.BASE_XP + scoring.RETURN_CAP + scoring.STREAK_CAP
    assert (score.streak_bonus > 0) == (last_day != day)
    assert score.streak >= 1


@given(DAYS, st.integers(min_value=1, max_value=30))
def test_streak_counts_consecutive_days_when_closing_every_day(start: date, days: int) -> None:
    last, streak = None, 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        streak = scoring.next_streak(last, streak, day)
        last = day
    assert streak == days
