"""An instrument's settings and the entry checks they imply: pure values, no I/O.

A symbol nobody configured trades under ``DEFAULTS`` (api.md: max leverage 10, tick and
step 0.00000001, band 20 %); ``min_notional`` None means "the deployment's default"
(``MIN_NOTIONAL``), which the services fill in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from aggregates import money
from aggregates.market.errors import (
    InvalidInstrumentSettings,
    LeverageAboveMax,
    MarketHalted,
    MarketStale,
    PriceOffTick,
    QuantityOffStep,
)

TRADING, HALTED = "trading", "halted"
MAX_INSTRUMENT_LEVERAGE = 100
MAX_STALE_SECONDS = 30 * 24 * 3600
SMALLEST = Decimal("0.00000001")


@dataclass(frozen=True)
class InstrumentSettings:
    """What an admin sets per symbol; prices and quantities in the symbol's units, min_notional in USD."""

    tick_size: Decimal = SMALLEST
    quantity_step: Decimal = SMALLEST
    max_leverage: int = money.MAX_LEVERAGE
    max_move_pct: Decimal = Decimal("20")
    min_notional: Decimal | None = None
    stale_after_seconds: int | None = None
    status: str = TRADING

    def with_min_notional(self, default: Decimal) -> InstrumentSettings:
        return self if self.min_notional is not None else replace(self, min_notional=default)


DEFAULTS = InstrumentSettings()


def validate(s: InstrumentSettings) -> None:
    """Refuse settings out of range (422): every rule is checked before anything is recorded."""
    _positive(s.tick_size, "tick_size", money.PRICE_PLACES)
    _positive(s.quantity_step, "quantity_step", money.PRICE_PLACES)
    if (
        isinstance(s.max_leverage, bool)
        or not isinstance(s.max_leverage, int)
        or not 1 <= s.max_leverage <= MAX_INSTRUMENT_LEVERAGE
    ):
        raise InvalidInstrumentSettings(f"max_leverage must be an integer from 1 to {MAX_INSTRUMENT_LEVERAGE}")
    _positive(s.max_move_pct, "max_move_pct", 2)
    if s.max_move_pct > 100:
        raise InvalidInstrumentSettings("max_move_pct must be at most 100")
    if s.min_notional is not None:
        _positive(s.min_notional, "min_notional", 2)
    stale = s.stale_after_seconds
    if stale is not None and (
        isinstance(stale, bool) or not isinstance(stale, int) or not 1 <= stale <= MAX_STALE_SECONDS
    ):
        raise InvalidInstrumentSettings(f"stale_after_seconds must be an integer from 1 to {MAX_STALE_SECONDS}")
    if s.status not in {TRADING, HALTED}:
        raise InvalidInstrumentSettings("status must be 'trading' or 'halted'")


def check_entry(s: InstrumentSettings, quantity: Decimal, leverage: int, last_tick_at: datetime, now: datetime) -> None:
    """A new position or entry order: the market must be open and fresh, the size on the grid."""
    if s.status == HALTED:
        raise MarketHalted("trading on this symbol is halted: closes and exits still work")
    if s.stale_after_seconds is not None and now - last_tick_at > timedelta(seconds=s.stale_after_seconds):
        raise MarketStale(f"the last price is older than {s.stale_after_seconds} s: closes and exits still work")
    if not on_grid(quantity, s.quantity_step):
        raise QuantityOffStep(f"quantity must be a multiple of {s.quantity_step}")
    if leverage > s.max_leverage:
        raise LeverageAboveMax(f"leverage must be at most {s.max_leverage} on this symbol")


def check_tick(s: InstrumentSettings, price: Decimal) -> None:
    if not on_grid(price, s.tick_size):
        raise PriceOffTick(f"price must be a multiple of {s.tick_size}")


def on_grid(value: Decimal, step: Decimal) -> bool:
    """Whether ``value`` is a whole multiple of ``step`` (exact decimal arithmetic)."""
    return isinstance(value, Decimal) and value.is_finite() and value % step == 0


def _positive(value: object, name: str, places: int) -> None:
    if not money.is_positive_with_places(value, places):
        raise InvalidInstrumentSettings(f"{name} must be > 0 with at most {places} decimals")
