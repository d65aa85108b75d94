"""UTC buckets: every instant lies in exactly one bucket per interval, aligned on the epoch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from aggregates.market.intervals import INTERVALS, bucket_start, covering, length

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
instants = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(2999, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]),
)


@given(instants, st.sampled_from(list(INTERVALS)))
def test_an_instant_lies_in_its_bucket_which_starts_on_a_utc_multiple_of_the_interval(instant, interval):
    start = bucket_start(instant, interval)

    assert start.tzinfo == UTC
    assert start <= instant < start + length(interval)
    assert (start - EPOCH).total_seconds() % INTERVALS[interval] == 0


def test_an_instant_on_a_boundary_opens_the_new_bucket_and_4h_1d_align_on_utc():
    four = datetime(2026, 1, 5, 4, tzinfo=UTC)
    assert bucket_start(four, "4h") == four
    assert bucket_start(four - timedelta(microseconds=1), "4h") == datetime(2026, 1, 5, 0, tzinfo=UTC)
    # 01:00 at +02:00 is 23:00 UTC the day before: its 1d bucket is that UTC day's
    assert bucket_start(datetime(2026, 1, 5, 1, tzinfo=timezone(timedelta(hours=2))), "1d") == datetime(
        2026, 1, 4, tzinfo=UTC
    )
    assert covering("1h") == ["1h", "4h", "1d"]
