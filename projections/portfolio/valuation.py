"""What a portfolio read answers, valued at read time from the latest mark prices.

Unrealized P&L is computed here, not stored, so a price tick is one row update
however many positions it moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from aggregates import money
from aggregates.money import Side

SETTLEMENT_CURRENCY = "USD"  # positions settle, and equity is stated, in this currency
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Balance:
    """One wallet of the user: cash not reserved, margin reserved, lifetime flows."""

    currency: str
    cash: Decimal
    reserved_margin: Decimal
    total_deposits: Decimal
    total_withdrawals: Decimal
    fees_paid: Decimal
    held_by_orders: Decimal = ZERO  # reserved by resting orders (margin + fee at their prices)


@dataclass(frozen=True)
class OpenPosition:
    """An open position valued at the latest price of its symbol."""

    position_id: UUID
    symbol: str
    side: str
    quantity: Decimal
    leverage: int
    entry_price: Decimal
    margin: Decimal
    fee: Decimal
    liquidation_price: Decimal
    opened_at: datetime
    mark_price: Decimal
    unrealized_pnl: Decimal


@dataclass(frozen=True)
class Portfolio:
    """A user's portfolio; P&L and equity in ``currency``."""

    user_id: UUID
    currency: str
    balances: tuple[Balance, ...]
    positions: tuple[OpenPosition, ...]
    realized_pnl: Decimal
    closed_positions: int

    @property
    def unrealized_pnl(self) -> Decimal:
        return sum((p.unrealized_pnl for p in self.positions), ZERO)

    def _settlement(self) -> Balance | None:
        return next((b for b in self.balances if b.currency == self.currency), None)

    @property
    def equity(self) -> Decimal:
        """Cash + reserved margin + cash held by resting orders + unrealized P&L, in the settlement currency."""
        wallet = self._settlement()
        held = wallet.cash + wallet.reserved_margin + wallet.held_by_orders if wallet else ZERO
        return held + self.unrealized_pnl

    @property
    def total_deposits(self) -> Decimal:
        wallet = self._settlement()
        return wallet.total_deposits if wallet else ZERO


def unrealized_pnl(side: str, entry: Decimal, mark: Decimal, quantity: Decimal, margin: Decimal) -> Decimal:
    """Gross P&L if closed at ``mark``, in cents, capped at −margin as a close would be."""
    return money.unrealized_pnl(Side(side), entry, mark, quantity, margin)
