"""Events are stamped by the installed clock, never by the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

import pytest

from aggregates import clock
from aggregates.trading.wallet import Wallet
from tests.support import SteppingClock

OWNER = UUID("00000000-0000-4000-8000-000000000001")


def test_events_carry_the_installed_clock_instant_when_a_clock_is_installed():
    stepping = SteppingClock(datetime(2020, 2, 29, 23, 59, 59, 999999, tzinfo=UTC))

    with clock.using(stepping):
        wallet = Wallet.open_for(OWNER)
        stepping.advance(seconds=1)
        wallet.deposit(Decimal("1.00"), "USD")

    opened, deposited = wallet.collect_events()
    assert opened.timestamp == datetime(2020, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)
    assert deposited.timestamp == datetime(2020, 3, 1, 0, 0, 0, 999999, tzinfo=UTC)
    assert wallet.created_on == opened.timestamp and wallet.modified_on == deposited.timestamp


def test_instant_is_converted_to_utc_when_the_clock_returns_another_zone():
    plus_two = timezone(timedelta(hours=2))

    with clock.using(lambda: datetime(2026, 1, 1, 2, 0, tzinfo=plus_two)):
        now = clock.now()

    assert now == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert now.utcoffset() == timedelta(0)


def test_now_is_refused_when_the_clock_returns_a_naive_datetime():
    with clock.using(lambda: datetime(2026, 1, 1)), pytest.raises(ValueError, match="timezone-aware"):
        clock.now()


def test_previous_clock_is_restored_when_leaving_a_nested_clock():
    outer, inner = SteppingClock(datetime(2001, 1, 1, tzinfo=UTC)), SteppingClock()

    with clock.using(outer):
        with clock.using(inner):
            assert clock.now() == inner.instant
        assert clock.now() == outer.instant
    assert clock.now().year >= 2025  # the system clock again
