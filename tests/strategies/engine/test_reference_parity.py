"""Our engine against backtesting.py on the sample data it ships: the same trades (entry and exit bars, sides,
prices) and the same net P&L within the cent rounding of our bookings (docs/backtests.md "Reference parity")."""

from __future__ import annotations

import warnings
from dataclasses import replace
from decimal import Decimal

import pytest
from backtesting.test import BTCUSD, EURUSD, GOOG

from tests.strategies.engine.reference import (
    FLOAT_SLACK,
    PER_TRADE_ABOVE,
    PER_TRADE_BELOW,
    mismatches,
    run_ours,
    run_reference,
)

# (data, fast, slow, units, cash, interval): a fixed size in units, cash enough that no order lacks margin.
CASES = {
    "GOOG-10-20": (GOOG, 10, 20, 100, Decimal("1000000.00"), "1d"),
    "GOOG-5-50": (GOOG, 5, 50, 100, Decimal("1000000.00"), "1d"),
    "BTCUSD-3-12": (BTCUSD, 3, 12, 10, Decimal("10000000.00"), "1d"),
    "EURUSD-12-40": (EURUSD, 12, 40, 100000, Decimal("1000000.00"), "1h"),
}


@pytest.fixture(autouse=True)
def _quiet_reference():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # backtesting.py's progress and plotting notices
        yield


@pytest.mark.parametrize("fill", ["close", "next_open"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_same_trades_and_net_pnl_as_backtesting_py(case, fill):
    frame, fast, slow, units, cash, interval = CASES[case]
    result, ours = run_ours(frame, fast, slow, Decimal(units), fill, cash, interval)
    reference = run_reference(frame, fast, slow, units, fill, cash)

    assert len(ours) >= 5  # enough flips for the comparison to mean something
    assert mismatches(ours, reference) == []
    difference = sum(a.net_pnl for a in ours) - sum(b.net_pnl for b in reference)
    assert -PER_TRADE_BELOW * len(ours) - FLOAT_SLACK < difference <= PER_TRADE_ABOVE * len(ours) + FLOAT_SLACK
    assert result.stats.net_pnl == sum(a.net_pnl for a in ours)
    assert result.stats.final_equity == cash + result.stats.net_pnl


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_fill_one_bar_off_is_detected(case):
    """The comparison is not vacuous: our trades each filled a bar later than they did, or our next_open run
    against the reference's fill at the signal's close, are mismatches."""
    frame, fast, slow, units, cash, interval = CASES[case]
    _, ours = run_ours(frame, fast, slow, Decimal(units), "close", cash, interval)
    reference = run_reference(frame, fast, slow, units, "close", cash)
    late = [replace(t, entry_bar=t.entry_bar + 1, exit_bar=min(t.exit_bar + 1, len(frame) - 1)) for t in ours]
    assert mismatches(late, reference)

    _, ours_next_open = run_ours(frame, fast, slow, Decimal(units), "next_open", cash, interval)
    assert mismatches(ours_next_open, reference)


def test_a_booking_off_by_more_than_rounding_is_detected():
    frame, fast, slow, units, cash, interval = CASES["GOOG-10-20"]
    _, ours = run_ours(frame, fast, slow, Decimal(units), "close", cash, interval)
    reference = run_reference(frame, fast, slow, units, "close", cash)
    off = [*ours[:5], replace(ours[5], net_pnl=ours[5].net_pnl - Decimal("0.03")), *ours[6:]]
    assert mismatches(off, reference) == [f"trade 5: net {off[5].net_pnl}, reference {reference[5].net_pnl}"]
