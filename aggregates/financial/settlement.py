"""The Settlement aggregate: a withdrawal's request to be settled on Starknet.

Recorded in the same transaction as the wallet's ``Withdrawn`` event; the Starknet
side picks ``financial.Settlement.Requested`` up from the log (docs/decisions.md,
"Withdrawal settlement intent").
"""

from __future__ import annotations

from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent

_WITHDRAWAL_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/withdrawal")


def withdrawal_id(wallet_id: UUID, withdrawn_version: int) -> UUID:
    """A withdrawal is the wallet's ``Withdrawn`` event: its id follows from the wallet and that event's version."""
    return uuid5(_WITHDRAWAL_NS, f"{wallet_id}:{withdrawn_version}")


class Settlement(AstraAggregate):
    """The on-chain settlement of one withdrawal; its id is the withdrawal id."""

    TOPIC = "financial.Settlement"

    class Requested(CreationEvent):
        """A withdrawal asked for ``amount`` to be settled to ``starknet_address``."""

        TOPIC = "financial.Settlement.Requested"
        withdrawal_id: UUID
        user_id: UUID
        wallet_id: UUID
        amount: Decimal
        currency: str
        starknet_address: str

    @event(Requested)
    def __init__(
        self,
        id: UUID,  # noqa: A002, ARG002
        withdrawal_id: UUID,
        user_id: UUID,
        wallet_id: UUID,
        amount: Decimal,
        currency: str,
        starknet_address: str,
    ) -> None:
        self.withdrawal_id = withdrawal_id
        self.user_id = user_id
        self.wallet_id = wallet_id
        self.amount = amount
        self.currency = currency
        self.starknet_address = starknet_address

    @classmethod
    def request(
        cls,
        user_id: UUID,
        wallet_id: UUID,
        withdrawn_version: int,
        amount: Decimal,
        currency: str,
        starknet_address: str,
    ) -> Settlement:
        """Record that the withdrawal at ``withdrawn_version`` of the wallet settles to ``starknet_address``."""
        wid = withdrawal_id(wallet_id, withdrawn_version)
        return cls(
            id=wid,
            withdrawal_id=wid,
            user_id=user_id,
            wallet_id=wallet_id,
            amount=amount,
            currency=currency,
            starknet_address=starknet_address,
        )
