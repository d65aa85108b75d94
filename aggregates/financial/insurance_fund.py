"""The insurance fund: it covers the loss of a liquidation beyond the position's margin."""

from __future__ import annotations

from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import InvalidAmount
from aggregates.money import to_cash

INSURANCE_FUND_ID = uuid5(NAMESPACE_URL, "https://astratrade.example/insurance-fund")


class InsuranceFund(AstraAggregate):
    """The platform's one insurance fund: what it paid to cover price gaps (USD)."""

    TOPIC = "financial.InsuranceFund"

    class Opened(CreationEvent):
        """The fund was opened, with the first loss it covered."""

        TOPIC = "financial.InsuranceFund.Opened"

    class LossCovered(AstraAggregate.Event):
        """A liquidation's loss beyond its margin (a price gap) was paid by the fund to the counterparty."""

        TOPIC = "financial.InsuranceFund.LossCovered"
        position_id: UUID
        amount: Decimal

    @event(Opened)
    def __init__(self, id: UUID) -> None:  # noqa: A002, ARG002
        self.covered = Decimal("0.00")

    @classmethod
    def open(cls) -> InsuranceFund:
        """Open the platform's insurance fund."""
        return cls(id=INSURANCE_FUND_ID)

    def cover(self, position_id: UUID, amount: Decimal) -> None:
        """Cover ``amount`` (> 0, in cents) lost by a liquidated position beyond its margin."""
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0 or to_cash(amount) != amount:
            raise InvalidAmount("a covered loss must be a positive amount in cents")
        self._loss_covered(position_id=position_id, amount=amount)

    @event(LossCovered)
    def _loss_covered(self, position_id: UUID, amount: Decimal) -> None:  # noqa: ARG002
        self.covered += amount
