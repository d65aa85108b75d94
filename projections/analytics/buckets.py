"""UTC time buckets of the analytics rollups: which hours or days a ``[from, to)`` range covers.

A bucket belongs to a range when it *starts* inside it, so ``[Monday 00:00Z, next
Monday 00:00Z)`` with interval ``day`` is exactly the seven days of that week.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Literal

Interval = Literal["hour", "day"]
STEP: dict[Interval, timedelta] = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


def floor_bucket(instant: datetime, interval: Interval) -> datetime:
    """The start of the UTC bucket holding ``instant``."""
    utc = instant.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return utc.replace(hour=0) if interval == "day" else utc


def first_bucket_at_or_after(instant: datetime, interval: Interval) -> datetime:
    """The start of the first UTC bucket that starts at or after ``instant``."""
    start = floor_bucket(instant, interval)
    return start if start == instant else start + STEP[interval]


def bucket_starts(start: datetime, end: datetime, interval: Interval) -> Iterator[datetime]:
    """Starts of every bucket starting in ``[start, end)``, in order."""
    bucket = first_bucket_at_or_after(start, interval)
    while bucket < end:
        yield bucket
        bucket += STEP[interval]


def column_value(bucket_start: datetime, interval: Interval) -> datetime | date:
    """How the rollup tables store a bucket: ``hour`` timestamptz, ``day`` date (UTC)."""
    return bucket_start.date() if interval == "day" else bucket_start


def bucket_start_of(value: datetime | date) -> datetime:
    """A stored bucket (``date`` or ``timestamptz``) as its start instant in UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)
