"""Candle intervals and their UTC buckets.

Buckets are aligned on the Unix epoch (a UTC midnight), so 4h buckets start at 00, 04, 08 …
UTC and 1d buckets at UTC midnight. A bucket is half-open, [start, start + length): an instant
exactly on a boundary opens the new bucket.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

INTERVALS: dict[str, int] = {"1m": 60, "5m": 300, "15m": 900, "1h": 3600, "4h": 14400, "1d": 86400}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def length(interval: str) -> timedelta:
    return timedelta(seconds=INTERVALS[interval])


def bucket_start(instant: datetime, interval: str) -> datetime:
    """The UTC start of the ``interval`` bucket holding ``instant`` (timezone-aware)."""
    elapsed = instant.astimezone(UTC) - _EPOCH
    step = length(interval)
    return _EPOCH + (elapsed // step) * step


def covering(interval: str) -> list[str]:
    """``interval`` and every longer one: where a bar of ``interval`` also counts (each divides the next)."""
    seconds = INTERVALS[interval]
    return [name for name, other in INTERVALS.items() if other >= seconds and other % seconds == 0]
