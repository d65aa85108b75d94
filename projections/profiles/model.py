"""What a profile or clan read answers: plain values, built from the rows at read time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID


def current_streak(streak: int, streak_day: date | None, today: date) -> int:
    """The streak as of ``today``: a streak whose last close was before yesterday is broken (0)."""
    if streak_day is None or streak_day < today - timedelta(days=1):
        return 0
    return streak


@dataclass(frozen=True)
class Achievement:
    name: str
    unlocked_at: datetime


@dataclass(frozen=True)
class ClanRef:
    clan_id: UUID
    name: str | None
    joined_at: datetime | None


@dataclass(frozen=True)
class Profile:
    """A user's public profile."""

    user_id: UUID
    username: str | None
    xp: int
    level: int
    streak: int
    achievements: tuple[Achievement, ...]
    clan: ClanRef | None
    registered_at: datetime | None


@dataclass(frozen=True)
class Member:
    """A clan member as the clan page lists them."""

    user_id: UUID
    username: str | None
    xp: int
    level: int
    streak: int
    joined_at: datetime | None


@dataclass(frozen=True)
class Clan:
    """A clan and its members of the moment (highest XP first)."""

    clan_id: UUID
    name: str
    founder_id: UUID | None
    founded_at: datetime
    members: tuple[Member, ...]
