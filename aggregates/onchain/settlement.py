"""The Settlement aggregate: a withdrawal paid out on-chain by the vault contract."""

from __future__ import annotations

from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import CreationEvent
from aggregates.onchain.submission import (
    AcceptedFact,
    RefusedFact,
    RejectedFact,
    SignedFact,
    Submission,
    SubmittedFact,
)

_SETTLEMENT_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/onchain/settlement")


def settlement_id(withdrawal_id: UUID) -> UUID:
    """One on-chain settlement per withdrawal (never the withdrawal's own stream id)."""
    return uuid5(_SETTLEMENT_NS, str(withdrawal_id))


class Settlement(Submission):
    """``vault.settle_withdrawal(recipient, amount, withdrawal_id)`` for one withdrawal."""

    TOPIC = "onchain.Settlement"

    class Requested(CreationEvent):
        """A withdrawal is to be paid to ``recipient`` (a Starknet address) on-chain."""

        TOPIC = "onchain.Settlement.Requested"
        withdrawal_id: UUID
        user_id: UUID
        recipient: str
        amount: Decimal
        currency: str

    class Signed(SignedFact):
        """The settlement transaction was signed; it may not have been sent yet."""

        TOPIC = "onchain.Settlement.Signed"

    class Submitted(SubmittedFact):
        """The node received the settlement transaction."""

        TOPIC = "onchain.Settlement.Submitted"

    class Refused(RefusedFact):
        """The node refused this attempt; a new one will be signed."""

        TOPIC = "onchain.Settlement.Refused"

    class Accepted(AcceptedFact):
        """The withdrawal is paid on-chain: accepted and succeeded."""

        TOPIC = "onchain.Settlement.Accepted"

    class Rejected(RejectedFact):
        """The payment failed for good (reverted or invalid); the withdrawal is not settled."""

        TOPIC = "onchain.Settlement.Rejected"

    @event(Requested)
    def __init__(
        self,
        id: UUID,  # noqa: A002, ARG002
        withdrawal_id: UUID,
        user_id: UUID,
        recipient: str,
        amount: Decimal,
        currency: str,
    ) -> None:
        self.withdrawal_id, self.user_id, self.recipient = withdrawal_id, user_id, recipient
        self.amount, self.currency = amount, currency
        self._requested()

    @classmethod
    def request(cls, withdrawal_id: UUID, user_id: UUID, recipient: str, amount: Decimal, currency: str) -> Settlement:
        """Ask for the on-chain payment of a withdrawal (the recipient is checked when the call is built)."""
        return cls(
            id=settlement_id(withdrawal_id),
            withdrawal_id=withdrawal_id,
            user_id=user_id,
            recipient=recipient,
            amount=amount,
            currency=currency,
        )
