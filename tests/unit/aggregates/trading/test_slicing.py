"""TWAP/VWAP slicing: slices add up to the order, sit on the quantity step, and follow the weights."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregates.errors import BelowMinNotional
from aggregates.trading import slicing

steps = st.sampled_from([D("0.00000001"), D("0.001"), D("0.01"), D("1")])


@given(
    st.integers(min_value=1, max_value=10**9),
    steps,
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=100),
)
def test_slices_add_up_to_the_quantity_and_all_but_the_last_are_rounded_down_to_the_step(units, step, weights):
    quantity = units * step
    slices = slicing.cut(quantity, [D(w) for w in weights], step)
    assert len(slices) == len(weights)
    assert sum(slices) == quantity
    assert all(q % step == 0 for q in slices)
    total = sum(weights)
    for q, w in zip(slices[:-1], weights[:-1], strict=True):
        exact = quantity * w / total
        assert exact - step < q <= exact  # rounded down, by less than one step
    assert slices[-1] >= quantity * weights[-1] / total  # the remainder only grows the last


def test_equal_weights_cut_even_slices_with_the_remainder_last():
    assert slicing.cut(D("10"), [D(1)] * 3, D("1")) == [D("3"), D("3"), D("4")]


def test_vwap_weights_are_the_volume_of_each_slices_utc_hour_or_none_without_volume():
    times = slicing.due_times(datetime(2026, 1, 5, 11, 30, tzinfo=UTC), 3, 30 * 60_000)  # 11:30, 12:00, 12:30
    assert slicing.volume_weights(times, {11: D("2"), 12: D("5")}) == [D("2"), D("5"), D("5")]
    assert slicing.volume_weights(times, {3: D("9")}) is None


def test_a_slice_empty_off_step_or_below_the_minimum_is_refused():
    with pytest.raises(slicing.InvalidSlicing):
        slicing.check_slices([D("0"), D("1")], D("0.1"), D("100"), D("10"))
    with pytest.raises(slicing.InvalidSlicing):
        slicing.check_slices([D("0.15"), D("1")], D("0.1"), D("100"), D("10"))
    with pytest.raises(BelowMinNotional):
        slicing.check_slices([D("0.09"), D("1")], D("0.01"), D("100"), D("10"))
    slicing.check_slices([D("0.1"), D("1")], D("0.1"), D("100"), D("10"))


@pytest.mark.parametrize(("duration", "slices"), [(59, 2), (86_401, 2), (60, 1), (60, 101), (True, 2)])
def test_duration_and_slice_count_out_of_range_are_refused(duration, slices):
    with pytest.raises(slicing.InvalidSlicing):
        slicing.interval_ms(duration, slices)
