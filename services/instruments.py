"""Per-instrument trading rules the services look up by symbol (today: the minimum notional).

There is no Instrument aggregate yet: one default for every symbol (``MIN_NOTIONAL``)
with per-symbol overrides. When instruments become configurable, fill ``by_symbol``
from them here and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from aggregates.money import MIN_NOTIONAL


@dataclass(frozen=True)
class InstrumentRules:
    """The minimum notional (USD) of an open on each symbol."""

    default_min_notional: Decimal = MIN_NOTIONAL
    by_symbol: Mapping[str, Decimal] = field(default_factory=dict)

    def min_notional(self, symbol: str) -> Decimal:
        """The smallest notional ``quantity × price`` an open on ``symbol`` may have."""
        return self.by_symbol.get(symbol, self.default_min_notional)
