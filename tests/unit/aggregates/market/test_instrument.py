"""Instrument rules (api.md "Markets"): settings in range, entries refused on halted/stale markets or off-grid sizes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from typing import Any

import pytest

from aggregates.market.errors import (
    InvalidInstrumentSettings,
    LeverageAboveMax,
    MarketHalted,
    MarketStale,
    PriceOffTick,
    QuantityOffStep,
)
from aggregates.market.instrument import Instrument, instrument_id
from aggregates.market.rules import DEFAULTS, InstrumentSettings, check_entry, check_tick
from tests.unit.aggregates.spec import given, new_events, then_refused

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BTC = InstrumentSettings(
    tick_size=D("0.5"),
    quantity_step=D("0.001"),
    max_leverage=5,
    max_move_pct=D("10"),
    min_notional=D("25.00"),
    stale_after_seconds=60,
)


def fields(s: InstrumentSettings) -> dict[str, Any]:
    return {
        "tick_size": s.tick_size,
        "quantity_step": s.quantity_step,
        "max_leverage": s.max_leverage,
        "max_move_pct": s.max_move_pct,
        "min_notional": s.min_notional,
        "stale_after_seconds": s.stale_after_seconds,
        "status": s.status,
    }


def test_configured_with_its_settings_and_an_id_derived_from_the_symbol_when_first_configured():
    instrument = Instrument.configure_new("BTC-USD", BTC)

    assert new_events(instrument) == [("Configured", {"symbol": "BTC-USD", **fields(BTC)})]
    assert instrument.id == instrument_id("BTC-USD") != instrument_id("ETH-USD")
    assert instrument.settings == BTC


def test_settings_replaced_when_reconfigured_as_halted():
    instrument = given(Instrument.configure_new("BTC-USD", BTC))
    halted = InstrumentSettings(**{**fields(BTC), "status": "halted"})

    instrument.configure(halted)

    assert new_events(instrument) == [("Reconfigured", fields(halted))]
    assert instrument.settings.status == "halted"


@pytest.mark.parametrize(
    "bad",
    [
        {"tick_size": D("0")},
        {"tick_size": D("0.000000001")},
        {"quantity_step": D("-1")},
        {"max_leverage": 0},
        {"max_leverage": 101},
        {"max_leverage": True},
        {"max_move_pct": D("0")},
        {"max_move_pct": D("100.01")},
        {"max_move_pct": D("5.001")},
        {"min_notional": D("0.001")},
        {"stale_after_seconds": 0},
        {"status": "open"},
        {"tick_size": D("NaN")},
    ],
)
def test_refused_as_invalid_instrument_settings_when_a_value_is_out_of_range(bad):
    instrument = given(Instrument.configure_new("BTC-USD", BTC))

    then_refused(
        instrument,
        InvalidInstrumentSettings,
        lambda: instrument.configure(InstrumentSettings(**{**fields(BTC), **bad})),
    )


def test_entry_allowed_when_the_market_is_open_fresh_and_the_size_on_its_step():
    check_entry(BTC, D("0.002"), 5, NOW - timedelta(seconds=60), NOW)  # exactly 60 s old is still fresh


@pytest.mark.parametrize(
    ("settings", "quantity", "leverage", "age", "error"),
    [
        (InstrumentSettings(**{**fields(BTC), "status": "halted"}), D("1"), 1, 0, MarketHalted),
        (BTC, D("1"), 1, 61, MarketStale),
        (BTC, D("0.0015"), 1, 0, QuantityOffStep),
        (BTC, D("1"), 6, 0, LeverageAboveMax),
    ],
)
def test_entry_refused_when_halted_stale_off_step_or_over_leveraged(settings, quantity, leverage, age, error):
    with pytest.raises(error):
        check_entry(settings, quantity, leverage, NOW - timedelta(seconds=age), NOW)


def test_defaults_never_go_stale_and_accept_any_8_decimal_size():
    check_entry(DEFAULTS, D("0.00000001"), 10, NOW - timedelta(days=365), NOW)
    check_tick(DEFAULTS, D("0.00000001"))


def test_tick_refused_as_off_tick_when_not_a_multiple_of_the_tick_size():
    check_tick(BTC, D("100.5"))
    with pytest.raises(PriceOffTick):
        check_tick(BTC, D("100.25"))
