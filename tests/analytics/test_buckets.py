"""Pure helpers: UTC buckets of a range, decimal strings, volume cursors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from projections.analytics.buckets import bucket_starts, first_bucket_at_or_after, floor_bucket
from projections.analytics.view import VolumeKey
from query_api.schemas.analytics import amount_text, decode_cursor, encode_cursor

PARIS_WINTER = timezone(timedelta(hours=1))


def test_buckets_are_those_starting_inside_the_range():
    start, end = datetime(2026, 1, 5, 11, 30, tzinfo=UTC), datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    assert [b.hour for b in bucket_starts(start, end, "hour")] == [12, 13]
    assert list(bucket_starts(start, end, "day")) == []


def test_days_are_utc_days_when_bounds_carry_another_offset():
    # 2026-01-06 00:30 in Paris is 2026-01-05 23:30 UTC: the UTC day is the 5th
    instant = datetime(2026, 1, 6, 0, 30, tzinfo=PARIS_WINTER)
    assert floor_bucket(instant, "day") == datetime(2026, 1, 5, tzinfo=UTC)
    assert first_bucket_at_or_after(instant, "day") == datetime(2026, 1, 6, tzinfo=UTC)
    midnight = datetime(2026, 1, 6, 1, 0, tzinfo=PARIS_WINTER)  # exactly 00:00 UTC
    assert first_bucket_at_or_after(midnight, "day") == datetime(2026, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("420", "420.00"),
        ("0", "0.00"),
        ("0.1", "0.10"),
        ("-19.3190", "-19.319"),
        ("19.58", "19.58"),
        ("1E+3", "1000.00"),
        ("123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"),
        ("0.00000001", "0.00000001"),
    ],
)
def test_amounts_are_plain_decimal_strings_with_two_decimals_at_least(value: str, text: str):
    assert amount_text(Decimal(value)) == text


def test_cursor_round_trips_when_issued_by_the_api():
    key = VolumeKey(datetime(2026, 1, 5, 12, tzinfo=UTC), "BTC-USD")
    assert decode_cursor(encode_cursor(key)) == key


@pytest.mark.parametrize("cursor", ["", "!!!", "e30", "eyJiIjoiMjAyNi0wMS0wNVQxMjowMDowMCIsInMiOiJCVEMtVVNEIn0"])
def test_cursor_is_refused_when_not_issued_by_the_api(cursor: str):
    # e30 is {}; the last is a naive bucket time
    with pytest.raises(ValueError, match="cursor"):
        decode_cursor(cursor)
