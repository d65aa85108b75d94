"""RiskProfile: given its history, when a command, then the events or the refusal (api.md risk limits)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from uuid import UUID

from hypothesis import given as hypothesis_given
from hypothesis import strategies as st

from aggregates.errors import InvalidAmount
from aggregates.trading.risk import (
    DailyLossNotReached,
    RiskLimitAlreadyHit,
    RiskLimitExceeded,
    RiskProfile,
    add_to_day,
    daily_loss_reached,
    utc_day,
)
from tests.unit.aggregates.spec import given, new_events, then_refused

ALICE = UUID("00000000-0000-4000-8000-00000000000a")
NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def limited(max_open_notional: str | None = "1000.00", max_daily_loss: str | None = "50.00") -> RiskProfile:
    profile = RiskProfile.create(ALICE)
    profile.set_limits(
        None if max_open_notional is None else D(max_open_notional),
        None if max_daily_loss is None else D(max_daily_loss),
    )
    return given(profile)


def test_an_admin_sets_both_limits_and_none_removes_one():
    profile = limited()
    profile.set_limits(D("2500.00"), None)
    assert new_events(profile) == [("LimitsSet", {"max_open_notional": D("2500.00"), "max_daily_loss": None})]
    assert (profile.max_open_notional, profile.max_daily_loss) == (D("2500.00"), None)


def test_a_limit_that_is_not_a_positive_cent_amount_is_refused():
    profile = limited()
    for bad in (D("0"), D("-1.00"), D("10.001"), D("1000000000000.01")):
        then_refused(profile, InvalidAmount, functools.partial(profile.set_limits, bad, None))


def test_an_entry_up_to_the_open_notional_limit_passes_and_one_cent_beyond_is_refused():
    profile = limited()
    profile.check_entry(D("600.00"), D("400.00"), NOON)  # exactly 1,000.00: allowed
    refusal = then_refused(profile, RiskLimitExceeded, lambda: profile.check_entry(D("600.00"), D("400.01"), NOON))
    assert refusal.code == "risk_limit"


def test_without_an_open_notional_limit_any_entry_passes():
    limited(max_open_notional=None).check_entry(D("10000000"), D("10000000"), NOON)


def test_a_loss_reaching_the_daily_limit_records_risk_limit_hit_once_for_that_day():
    profile = limited()
    profile.record_daily_loss("2026-01-05", D("-50.00"))
    assert new_events(profile) == [
        ("RiskLimitHit", {"day": "2026-01-05", "loss": D("50.00"), "max_daily_loss": D("50.00")})
    ]
    then_refused(profile, RiskLimitAlreadyHit, lambda: profile.record_daily_loss("2026-01-05", D("-80.00")))


def test_a_loss_short_of_the_daily_limit_or_without_one_records_nothing():
    profile = limited()
    then_refused(profile, DailyLossNotReached, lambda: profile.record_daily_loss("2026-01-05", D("-49.99")))
    unlimited = limited(max_daily_loss=None)
    then_refused(unlimited, DailyLossNotReached, lambda: unlimited.record_daily_loss("2026-01-05", D("-999.00")))


def test_after_the_hit_every_entry_is_refused_until_the_next_utc_day():
    profile = limited(max_open_notional=None)
    profile.record_daily_loss("2026-01-05", D("-60.00"))
    given(profile)
    then_refused(profile, RiskLimitExceeded, lambda: profile.check_entry(D(0), D("10.00"), NOON))
    last_instant = datetime(2026, 1, 5, 23, 59, 59, 999999, tzinfo=UTC)
    then_refused(profile, RiskLimitExceeded, lambda: profile.check_entry(D(0), D("10.00"), last_instant))
    profile.check_entry(D(0), D("10.00"), last_instant + timedelta(microseconds=1))  # the next UTC day


def test_the_day_is_the_utc_day_whatever_the_offset_of_the_instant():
    assert utc_day(datetime.fromisoformat("2026-01-06T01:00:00+09:00")) == "2026-01-05"


cents = st.decimals(min_value=D("-100000"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False)
limits = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False)


@hypothesis_given(st.lists(cents, max_size=30), limits)
def test_the_day_net_is_the_exact_sum_and_the_limit_is_reached_exactly_when_the_net_loss_is_at_least_it(
    pnls: list[D], limit: D
):
    net = D("0.00")
    reached_at = None
    for i, pnl in enumerate(pnls):
        net = add_to_day(net, pnl)
        if reached_at is None and daily_loss_reached(net, limit):
            reached_at = i
    assert net == sum(pnls, D("0.00"))  # cents in, cents out: nothing lost to rounding
    assert daily_loss_reached(net, limit) is (net <= -limit)
    # The hit comes at the first close whose running net reaches −limit, never before.
    running = [sum(pnls[: i + 1], D("0.00")) for i in range(len(pnls))]
    first = next((i for i, value in enumerate(running) if value <= -limit), None)
    assert reached_at == first
    # A profit never reaches it; no limit never does.
    assert not daily_loss_reached(abs(net), limit)
    assert not daily_loss_reached(net, None)
