"""The Bot aggregate: a strategy running live on a user's account, one decision per closed candle.

Each decision is recorded (``Decided`` with the candle's open time), in the same transaction as the orders
it caused, so a restarted bot policy knows the last candle decided: it neither misses nor repeats one.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.strategies.errors import BotNotRunning, CandleAlreadyDecided


class Bot(AstraAggregate):
    """A strategy trading a symbol at an interval for its owner."""

    TOPIC = "strategies.Bot"

    class Started(CreationEvent):
        """A trader started a bot: strategy and params, symbol and interval of the candles it follows, sizing
        (exactly one of ``quantity`` / ``equity_fraction``) and leverage."""

        TOPIC = "strategies.Bot.Started"
        owner_id: UUID
        strategy: str
        params: dict[str, Any]
        symbol: str
        interval: str
        quantity: Decimal | None
        equity_fraction: Decimal | None
        leverage: int

    class Decided(AstraAggregate.Event):
        """The bot decided on the candle opening at ``candle_at``: ``exposure`` (1, -1, 0, None: keep),
        the position it holds afterwards, and ``refused`` naming the rule that refused its order, if one did."""

        TOPIC = "strategies.Bot.Decided"
        candle_at: datetime
        exposure: int | None
        position_id: UUID | None
        refused: str | None

    class Stopped(AstraAggregate.Event):
        """The bot stopped (``by``: its owner); an open position stays open, the owner's to manage."""

        TOPIC = "strategies.Bot.Stopped"
        by: str

    @event(Started)
    def __init__(
        self,
        owner_id: UUID,
        strategy: str,
        params: dict[str, Any],
        symbol: str,
        interval: str,
        quantity: Decimal | None,
        equity_fraction: Decimal | None,
        leverage: int,
    ) -> None:
        self.owner_id = owner_id
        self.strategy = strategy
        self.params = params
        self.symbol = symbol
        self.interval = interval
        self.quantity = quantity
        self.equity_fraction = equity_fraction
        self.leverage = leverage
        self.running = True
        self.last_candle_at: datetime | None = None
        self.position_id: UUID | None = None
        self.exposure = 0

    @classmethod
    def start(
        cls,
        owner_id: UUID,
        strategy: str,
        params: dict[str, Any],
        symbol: str,
        interval: str,
        quantity: Decimal | None,
        equity_fraction: Decimal | None,
        leverage: int,
    ) -> Bot:
        """Start a bot (its parameters validated by the service against the strategy registry)."""
        return cls(
            owner_id=owner_id,
            strategy=strategy,
            params=params,
            symbol=symbol,
            interval=interval,
            quantity=quantity,
            equity_fraction=equity_fraction,
            leverage=leverage,
        )

    def decide(self, candle_at: datetime, exposure: int | None, position_id: UUID | None, refused: str | None) -> None:
        """Record the decision on one closed candle, later than every candle decided before."""
        if not self.running:
            raise BotNotRunning(f"bot {self.id} is stopped")
        if self.last_candle_at is not None and candle_at <= self.last_candle_at:
            raise CandleAlreadyDecided(f"bot {self.id} already decided up to {self.last_candle_at.isoformat()}")
        self._decided(candle_at, exposure, position_id, refused)

    def stop(self, by: str) -> None:
        if not self.running:
            raise BotNotRunning(f"bot {self.id} is already stopped")
        self._stopped(by)

    @event(Decided)
    def _decided(
        self, candle_at: datetime, exposure: int | None, position_id: UUID | None, refused: str | None
    ) -> None:
        self.last_candle_at = candle_at
        self.position_id = position_id
        if exposure is not None and refused is None:
            self.exposure = exposure

    @event(Stopped)
    def _stopped(self, by: str) -> None:  # noqa: ARG002
        self.running = False
