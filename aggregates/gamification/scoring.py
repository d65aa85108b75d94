"""Pure scoring math of api.md "Business rules": XP per close, streaks, levels.

Integers and Decimals only, never floats: a return on margin is floored exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

BASE_XP = 10  # every (unflagged) close
RETURN_CAP = 40  # +1 per whole percent of positive return on margin, at most +40
STREAK_STEP = 5  # first close of a UTC day: +5 × the streak including that day…
STREAK_CAP = 25  # …at most +25
CHALLENGE_WIN_XP = 50
LEVEL_STEP = 50  # level L is reached at XP ≥ 50 × L × (L − 1)


def return_bonus(net_pnl: Decimal, margin: Decimal) -> int:
    """+1 per whole percent of ``net_pnl ÷ margin``, floored, capped at +40; 0 unless positive."""
    if net_pnl <= 0 or margin <= 0:
        return 0
    percent = (net_pnl * 100 / margin).to_integral_value(rounding=ROUND_FLOOR)
    return min(RETURN_CAP, int(percent))


def next_streak(last_day: date | None, streak: int, day: date) -> int:
    """The streak including ``day``: consecutive UTC days with at least one close."""
    if last_day == day:
        return streak
    if last_day is not None and last_day + timedelta(days=1) == day:
        return streak + 1
    return 1


def streak_bonus(streak: int) -> int:
    """The first close of a day earns +5 × the streak including that day, at most +25."""
    return min(STREAK_CAP, STREAK_STEP * streak)


def level_threshold(level: int) -> int:
    """The XP at which ``level`` is reached: 0, 100, 300, 600, …"""
    return LEVEL_STEP * level * (level - 1)


def level_for(xp: int) -> int:
    """The highest level L with ``xp ≥ 50·L·(L−1)`` (level 1 at 0 XP)."""
    if xp < 0:
        raise ValueError("XP is never negative")
    # Root of 50L² − 50L − xp = 0, then corrected exactly in integers.
    level = (1 + math.isqrt(1 + 4 * xp // LEVEL_STEP)) // 2
    while level_threshold(level + 1) <= xp:
        level += 1
    while level > 1 and level_threshold(level) > xp:
        level -= 1
    return max(1, level)


@dataclass(frozen=True)
class CloseScore:
    """The XP one close earns, by component, and the streak after it."""

    base: int
    return_bonus: int
    streak_bonus: int
    streak: int

    @property
    def xp(self) -> int:
        return self.base + self.return_bonus + self.streak_bonus


def score_close(net_pnl: Decimal, margin: Decimal, last_day: date | None, streak: int, day: date) -> CloseScore:
    """The XP of a close on UTC ``day``, after closes up to ``last_day`` with ``streak``."""
    new_streak = next_streak(last_day, streak, day)
    bonus = streak_bonus(new_streak) if last_day != day else 0
    return CloseScore(BASE_XP, return_bonus(net_pnl, margin), bonus, new_streak)
