"""Pure translation of the ledger's transfers into statement lines of each user's free cash.

The ledger (``projections.ledger.postings``) is the one home of what a money event moves
where; a statement line is the side of a transfer that touches ``user:<id>:cash``, named
in the statement's vocabulary (api.md "The trader's own view") and merged per kind within
one event (an NFT purchase is one ``nft_purchase`` line of its full price for the buyer).
``order_reserved`` / ``order_released`` (an order's cash held while it rests, and given back)
keep their ledger names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from projections.ledger.postings import Transfer, cash_owner

KINDS = (
    "deposit",
    "withdrawal",
    "fee",
    "margin_reserved",
    "margin_released",
    "realized_pnl",
    "nft_sale",
    "nft_purchase",
    "subscription",
    "order_reserved",
    "order_released",
)
# ledger kind → statement kind; a kind mapped by direction is in _BY_DIRECTION instead.
_SAME_EITHER_WAY = {
    "deposit": "deposit",
    "withdrawal": "withdrawal",
    "trading_fee": "fee",
    "margin_reserve": "margin_reserved",
    "margin_release": "margin_released",
    "realized_pnl": "realized_pnl",
    "subscription": "subscription",
    "order_reserved": "order_reserved",
    "order_released": "order_released",
}
# (ledger kind, cash flows out) → statement kind: the buyer's side of a sale is a purchase,
# and the marketplace fee the ledger books on the buyer is part of what the buyer paid.
_BY_DIRECTION = {
    ("nft_sale", True): "nft_purchase",
    ("nft_sale", False): "nft_sale",
    ("marketplace_fee", True): "nft_purchase",
}


@dataclass(frozen=True)
class Movement:
    """A signed change of ``user_id``'s free cash (negative: cash left)."""

    user_id: UUID
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class Line:
    """A movement as the statement shows it: with the balance of free cash after it."""

    kind: str
    amount: Decimal
    balance: Decimal


def _kind(ledger_kind: str, outflow: bool) -> str:
    kind = _SAME_EITHER_WAY.get(ledger_kind) or _BY_DIRECTION.get((ledger_kind, outflow))
    if kind is None:
        raise ValueError(f"statement: no kind for the ledger's {ledger_kind!r} on a cash account")
    return kind


def movements(transfers: Iterable[Transfer]) -> list[Movement]:
    """The cash side of each transfer, merged per (user, kind) in order of first appearance."""
    merged: dict[tuple[UUID, str], Decimal] = {}
    for t in transfers:
        for account, sign in ((t.source, -1), (t.target, 1)):
            user = cash_owner(account)
            if user is not None:
                key = (user, _kind(t.kind, sign < 0))
                merged[key] = merged.get(key, Decimal(0)) + sign * t.amount
    return [Movement(user, kind, amount) for (user, kind), amount in merged.items() if amount != 0]


def lines(balance: Decimal, amounts: Iterable[tuple[str, Decimal]]) -> list[Line]:
    """Each (kind, amount) with the running balance after it, starting from ``balance``."""
    out: list[Line] = []
    for kind, amount in amounts:
        balance += amount
        out.append(Line(kind, amount, balance))
    return out
