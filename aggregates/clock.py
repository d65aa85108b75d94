"""The clock that stamps events, injectable so tests control time.

Aggregates never read the wall clock themselves: the application service that
runs a command installs its clock here for the duration of the command, and every
event created meanwhile is stamped from it (UTC, microsecond resolution)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


_clock: ContextVar[Clock] = ContextVar("astratrade_clock", default=system_clock)


def now() -> datetime:
    """The current instant of the installed clock, always timezone-aware UTC."""
    instant = _clock.get()()
    if instant.tzinfo is None:
        raise ValueError("clocks must return timezone-aware datetimes")
    return instant.astimezone(UTC)


@contextmanager
def using(clock: Clock) -> Iterator[None]:
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)
