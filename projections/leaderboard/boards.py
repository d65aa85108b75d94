"""What a leaderboard is: a metric, a window, the bucket of that window, optionally a clan.

Buckets are UTC calendar facts: a ``day`` board is one UTC date, a ``week`` board one
ISO week (named by its Monday), the ``all`` board one fixed bucket. An event counts
in the buckets of its own timestamp, never of the time it is projected.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from uuid import UUID

ALL_BUCKET = date(1970, 1, 1)  # the one bucket of the all-time boards


class Metric(enum.StrEnum):
    """What a board ranks by."""

    XP = "xp"
    REALIZED_PNL = "realized_pnl"
    ROI = "roi"

    @property
    def places(self) -> int:
        """Decimal places of its values: XP is whole, money and percentages have 2."""
        return 0 if self is Metric.XP else 2


class Window(enum.StrEnum):
    """Which stretch of time a board covers."""

    DAY = "day"
    WEEK = "week"
    ALL = "all"


def bucket_of(window: Window, instant: datetime) -> date:
    """The bucket of ``window`` that ``instant`` falls in (UTC day, Monday of the ISO week, or ALL)."""
    day = instant.astimezone(UTC).date()
    if window is Window.DAY:
        return day
    if window is Window.WEEK:
        return day - timedelta(days=day.weekday())
    return ALL_BUCKET


def buckets_of(instant: datetime) -> tuple[list[str], list[date]]:
    """Every (window, bucket) an event at ``instant`` counts in, as two parallel lists (SQL ``unnest``)."""
    windows = list(Window)
    return [w.value for w in windows], [bucket_of(w, instant) for w in windows]


def bucket_label(window: Window, bucket: date) -> str | None:
    """How the API names a bucket: ``2026-01-05``, ``2026-W02``, or None for all time."""
    if window is Window.DAY:
        return bucket.isoformat()
    if window is Window.WEEK:
        year, week, _ = bucket.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def bucket_end(window: Window, bucket: date) -> datetime | None:
    """The instant a bucket closes (None: the all-time bucket never does)."""
    days = {Window.DAY: 1, Window.WEEK: 7}.get(window)
    if days is None:
        return None
    return datetime(bucket.year, bucket.month, bucket.day, tzinfo=UTC) + timedelta(days=days)


@dataclass(frozen=True)
class Board:
    """One ranking: metric × window × bucket, globally (``clan_id`` None) or within one clan."""

    metric: Metric
    window: Window
    bucket: date
    clan_id: UUID | None = None

    @classmethod
    def current(cls, metric: Metric, window: Window, now: datetime, clan_id: UUID | None = None) -> Board:
        """The board of the bucket ``now`` falls in."""
        return cls(metric, window, bucket_of(window, now), clan_id)

    def global_board(self) -> Board:
        return Board(self.metric, self.window, self.bucket)

    def in_clan(self, clan_id: UUID) -> Board:
        """The same board restricted to one clan's members."""
        return Board(self.metric, self.window, self.bucket, clan_id)

    @property
    def label(self) -> str | None:
        return bucket_label(self.window, self.bucket)


@dataclass(frozen=True)
class Ranked:
    """A user's place on a board: sorted by value (desc), then who reached it first, then user id."""

    rank: int
    user_id: UUID
    value: Decimal
    reached_position: int  # log position of the event that gave the user this value


def normalized(metric: Metric, value: Decimal) -> Decimal:
    """The value with the metric's scale (``120`` XP, ``19.58`` USD, ``1.96`` %)."""
    return value.quantize(Decimal(1).scaleb(-metric.places))


def roi_percent(realized_pnl: Decimal, deposits: Decimal) -> Decimal | None:
    """Net realized P&L ÷ deposits, in percent with 2 decimals (half to even); None without deposits."""
    if deposits <= 0:
        return None
    return (realized_pnl * 100 / deposits).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
