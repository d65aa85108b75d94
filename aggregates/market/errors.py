"""Refusals of the markets rules; ``code`` is the problem ``type`` (api.md "Markets")."""

from __future__ import annotations

from aggregates.errors import DomainError


class InvalidInstrumentSettings(DomainError):
    """An instrument setting out of its range (tick size, step, leverage, band, staleness, status)."""

    code = "invalid_instrument_settings"
    status = 422


class MarketHalted(DomainError):
    """A new entry on a symbol an admin halted."""

    code = "market_halted"


class MarketStale(DomainError):
    """A new entry on a symbol whose last tick is older than its ``stale_after_seconds``."""

    code = "market_stale"


class QuantityOffStep(DomainError):
    """A quantity that is not a whole multiple of the instrument's ``quantity_step``."""

    code = "quantity_step"
    status = 422


class PriceOffTick(DomainError):
    """A price that is not a whole multiple of the instrument's ``tick_size``."""

    code = "tick_size"
    status = 422


class LeverageAboveMax(DomainError):
    """A leverage above the instrument's ``max_leverage``."""

    code = "leverage_above_max"
    status = 422


class InvalidHistory(DomainError):
    """Imported candles that are not well formed (interval, prices, volume, order)."""

    code = "invalid_history"
    status = 422
