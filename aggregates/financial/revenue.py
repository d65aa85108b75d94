"""The platform revenue ledger: every fee and subscription the platform charged.

The ledger is kept in books, one per paying user, so recording revenue never
adds contention beyond the payer's wallet, which is in the same transaction
anyway (docs/decisions.md, "Platform revenue"). The ledger's total is the sum of
every book's ``total``.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import InvalidAmount
from aggregates.money import to_cash

_REVENUE_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/platform-revenue")


class RevenueSource(StrEnum):
    TRADING_FEE = "trading_fee"
    MARKETPLACE_FEE = "marketplace_fee"
    SUBSCRIPTION = "subscription"


def revenue_book_id(payer_id: UUID) -> UUID:
    """Each payer has one book; its id follows from the payer's user id."""
    return uuid5(_REVENUE_NS, str(payer_id))


class PlatformRevenue(AstraAggregate):
    """One payer's book of the platform revenue ledger (USD)."""

    TOPIC = "financial.PlatformRevenue"

    class Opened(CreationEvent):
        """The payer's book was opened, with their first charge."""

        TOPIC = "financial.PlatformRevenue.Opened"
        payer_id: UUID

    class Recorded(AstraAggregate.Event):
        """The platform earned ``amount`` from the payer (a fee or a subscription)."""

        TOPIC = "financial.PlatformRevenue.Recorded"
        source: str
        amount: Decimal
        reference_id: UUID

    @event(Opened)
    def __init__(self, id: UUID, payer_id: UUID) -> None:  # noqa: A002, ARG002
        self.payer_id = payer_id
        self.total = Decimal("0.00")
        self.by_source: dict[str, Decimal] = {}

    @classmethod
    def open_for(cls, payer_id: UUID) -> PlatformRevenue:
        """Open the book of ``payer_id``."""
        return cls(id=revenue_book_id(payer_id), payer_id=payer_id)

    def record(self, source: RevenueSource, amount: Decimal, reference_id: UUID) -> None:
        """Record revenue in cents; a charge rounded to 0.00 records nothing."""
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 or to_cash(amount) != amount:
            raise InvalidAmount("revenue must be a non-negative amount in cents")
        if amount > 0:
            self._recorded(source=RevenueSource(source).value, amount=amount, reference_id=reference_id)

    @event(Recorded)
    def _recorded(self, source: str, amount: Decimal, reference_id: UUID) -> None:  # noqa: ARG002
        self.total += amount
        self.by_source = {**self.by_source, source: self.by_source.get(source, Decimal("0.00")) + amount}
