"""Pure translation of money events into balanced transfers between ledger accounts.

A transfer moves a non-negative ``amount`` from one account to another and is
stored as two entries, ``−amount`` and ``+amount``: every event's entries sum to
zero, so the sum over the ledger is zero after every event. Accounts:
``external`` (the world outside the platform), ``user:<id>:cash``,
``user:<id>:margin``, ``user:<id>:orders`` (held by resting orders), ``platform:fees`` (all platform revenue),
``platform:counterparty`` (the other side of every trade) and ``insurance_fund``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from aggregates.financial.insurance_fund import InsuranceFund
from aggregates.nft.nft import Nft
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.runtime.handlers import HasTopic

EXTERNAL, FEES, COUNTERPARTY, INSURANCE_FUND = "external", "platform:fees", "platform:counterparty", "insurance_fund"


def cash(user_id: UUID) -> str:
    return f"user:{user_id}:cash"


def margin(user_id: UUID) -> str:
    return f"user:{user_id}:margin"


@dataclass(frozen=True)
class Transfer:
    """``amount`` (≥ 0) moved from ``source`` to ``target``; ``kind`` names the movement."""

    kind: str
    source: str
    target: str
    amount: Decimal


def transfer(kind: str, source: str, target: str, amount: Decimal) -> list[Transfer]:
    """The transfer of a signed ``amount`` (a negative one flows the other way); none for 0."""
    if amount == 0:
        return []
    if amount < 0:
        return [Transfer(kind, target, source, -amount)]
    return [Transfer(kind, source, target, amount)]


def deposited(e: Any, user: UUID) -> list[Transfer]:
    return transfer("deposit", EXTERNAL, cash(user), e.amount)


def withdrawn(e: Any, user: UUID) -> list[Transfer]:
    return transfer("withdrawal", cash(user), EXTERNAL, e.amount)


def margin_reserved(e: Any, user: UUID) -> list[Transfer]:
    return [
        *transfer("margin_reserve", cash(user), margin(user), e.margin),
        *transfer("trading_fee", cash(user), FEES, e.fee),
    ]


def margin_released(e: Any, user: UUID) -> list[Transfer]:
    """The margin comes back, the platform as counterparty pays (or takes) the P&L, the fee goes out."""
    return [
        *transfer("margin_release", margin(user), cash(user), e.margin),
        *transfer("realized_pnl", COUNTERPARTY, cash(user), e.gross_pnl),
        *transfer("trading_fee", cash(user), FEES, e.fee),
    ]


def orders_held(user_id: UUID) -> str:
    return f"user:{user_id}:orders"


def order_reserved(e: Any, user: UUID) -> list[Transfer]:
    """A resting order holds its margin + fee at its price (services/orders.py)."""
    return transfer("order_reserved", cash(user), orders_held(user), e.amount)


def order_released(e: Any, user: UUID) -> list[Transfer]:
    return transfer("order_released", orders_held(user), cash(user), e.amount)


def margin_forfeited(e: Any, user: UUID) -> list[Transfer]:
    """A liquidation: the whole margin goes to the counterparty."""
    return transfer("liquidation", margin(user), COUNTERPARTY, e.margin)


def subscription_paid(e: Any, user: UUID) -> list[Transfer]:
    return transfer("subscription", cash(user), FEES, e.amount)


def nft_purchased(e: Any) -> list[Transfer]:
    """An NFT sale, posted once from the NFT's event (the two wallet events are the same movement)."""
    return [
        *transfer("nft_sale", cash(e.buyer_id), cash(e.seller_id), e.price - e.fee),
        *transfer("marketplace_fee", cash(e.buyer_id), FEES, e.fee),
    ]


def loss_covered(e: Any) -> list[Transfer]:
    """A liquidation's loss beyond its margin, paid by the insurance fund to the counterparty."""
    return transfer("uncovered_loss", INSURANCE_FUND, COUNTERPARTY, e.amount)


# What each money event moves: the one table the ledger's and the statement's handlers are
# declared from (``@handles(*WALLET_POSTINGS)``), so both follow every money event there is.
WALLET_POSTINGS: dict[type[HasTopic], Callable[[Any, UUID], list[Transfer]]] = {
    Wallet.Deposited: deposited,
    Wallet.Withdrawn: withdrawn,
    Wallet.MarginReserved: margin_reserved,
    Wallet.MarginReleased: margin_released,
    Wallet.MarginForfeited: margin_forfeited,
    Wallet.SubscriptionPaid: subscription_paid,
    Wallet.OrderReserved: order_reserved,
    Wallet.OrderReleased: order_released,
}
OTHER_POSTINGS: dict[type[HasTopic], Callable[[Any], list[Transfer]]] = {
    Nft.Purchased: nft_purchased,
    InsuranceFund.LossCovered: loss_covered,
}
_WALLET_BY_TOPIC = {event.TOPIC: translate for event, translate in WALLET_POSTINGS.items()}
_OTHER_BY_TOPIC = {event.TOPIC: translate for event, translate in OTHER_POSTINGS.items()}


def wallet_transfers(event: LoggedEvent, owner: UUID) -> list[Transfer]:
    """The transfers of a wallet event (of ``WALLET_POSTINGS``) whose wallet ``owner`` holds."""
    return _WALLET_BY_TOPIC[event.topic](event.event, owner)


def other_transfers(event: LoggedEvent) -> list[Transfer]:
    """The transfers of a money event that names its users itself (of ``OTHER_POSTINGS``)."""
    return _OTHER_BY_TOPIC[event.topic](event.event)


def entries(transfers: list[Transfer]) -> list[tuple[int, str, Decimal, str]]:
    """(posting number, account, signed amount, kind): two entries per transfer, summing to zero."""
    rows: list[tuple[int, str, Decimal, str]] = []
    for number, t in enumerate(transfers, start=1):
        rows += [(number, t.source, -t.amount, t.kind), (number, t.target, t.amount, t.kind)]
    return rows


def cash_owner(account: str) -> UUID | None:
    """The user whose free cash ``account`` is (the inverse of ``cash``), else None."""
    prefix, _, rest = account.partition(":")
    user, _, suffix = rest.partition(":")
    return UUID(user) if prefix == "user" and suffix == "cash" else None
