"""The Instrument aggregate: one symbol's trading settings, as configured by admins."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.market.rules import InstrumentSettings, validate

_INSTRUMENT_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/instrument")


def instrument_id(symbol: str) -> UUID:
    """One instrument per symbol; its id follows from the symbol."""
    return uuid5(_INSTRUMENT_NS, symbol)


class Instrument(AstraAggregate):
    """A symbol's tick size, quantity step, leverage cap, price band, minimum notional, staleness and status."""

    TOPIC = "market.Instrument"

    class Configured(CreationEvent):
        """An admin configured the symbol for the first time."""

        TOPIC = "market.Instrument.Configured"
        symbol: str
        tick_size: Decimal
        quantity_step: Decimal
        max_leverage: int
        max_move_pct: Decimal
        min_notional: Decimal | None
        stale_after_seconds: int | None
        status: str

    class Reconfigured(AstraAggregate.Event):
        """An admin replaced the symbol's settings (every field, as sent)."""

        TOPIC = "market.Instrument.Reconfigured"
        tick_size: Decimal
        quantity_step: Decimal
        max_leverage: int
        max_move_pct: Decimal
        min_notional: Decimal | None
        stale_after_seconds: int | None
        status: str

    @event(Configured)
    def __init__(
        self,
        id: UUID,  # noqa: A002, ARG002
        symbol: str,
        tick_size: Decimal,
        quantity_step: Decimal,
        max_leverage: int,
        max_move_pct: Decimal,
        min_notional: Decimal | None,
        stale_after_seconds: int | None,
        status: str,
    ) -> None:
        self.symbol = symbol
        self.settings = InstrumentSettings(
            tick_size, quantity_step, max_leverage, max_move_pct, min_notional, stale_after_seconds, status
        )

    @classmethod
    def configure_new(cls, symbol: str, settings: InstrumentSettings) -> Instrument:
        """Configure a symbol for the first time (422 on a value out of range)."""
        validate(settings)
        return cls(id=instrument_id(symbol), symbol=symbol, **asdict(settings))

    def configure(self, settings: InstrumentSettings) -> None:
        """Replace the settings (422 on a value out of range); every PUT is recorded, even an unchanged one."""
        validate(settings)
        self._reconfigured(**asdict(settings))

    @event(Reconfigured)
    def _reconfigured(
        self,
        tick_size: Decimal,
        quantity_step: Decimal,
        max_leverage: int,
        max_move_pct: Decimal,
        min_notional: Decimal | None,
        stale_after_seconds: int | None,
        status: str,
    ) -> None:
        self.settings = InstrumentSettings(
            tick_size, quantity_step, max_leverage, max_move_pct, min_notional, stale_after_seconds, status
        )
