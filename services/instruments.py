"""Per-instrument trading rules the services look up by symbol: the one home of "which settings apply".

A symbol an admin configured (``aggregates.market.Instrument``) trades under its settings; any
other symbol under the defaults (api.md "Markets"), with the deployment's ``MIN_NOTIONAL``.
``by_symbol`` overrides the minimum notional of unconfigured symbols (tests, deployments).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from aggregates.market.instrument import Instrument, instrument_id
from aggregates.market.rules import DEFAULTS, InstrumentSettings
from aggregates.money import MIN_NOTIONAL


def configured(repository: Repository[UUID] | Any, symbol: str) -> Instrument | None:
    """The symbol's Instrument aggregate, or None when no admin configured it."""
    try:
        instrument: Instrument = repository.get(instrument_id(symbol))
    except AggregateNotFoundError:
        return None
    return instrument


@dataclass(frozen=True)
class InstrumentRules:
    """The settings of each symbol: its instrument's, else the defaults."""

    default_min_notional: Decimal = MIN_NOTIONAL
    by_symbol: Mapping[str, Decimal] = field(default_factory=dict)
    repository: Repository[UUID] | None = None

    def settings(self, symbol: str) -> InstrumentSettings:
        """Every setting of ``symbol``, ``min_notional`` filled in."""
        instrument = configured(self.repository, symbol) if self.repository is not None else None
        found = instrument.settings if instrument is not None else DEFAULTS
        return found.with_min_notional(self.by_symbol.get(symbol, self.default_min_notional))

    def min_notional(self, symbol: str) -> Decimal:
        """The smallest notional ``quantity × price`` an open on ``symbol`` may have."""
        value = self.settings(symbol).min_notional
        assert value is not None  # filled in by settings()
        return value
