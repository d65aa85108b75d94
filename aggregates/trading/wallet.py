"""The Wallet aggregate: a trader's cash and the margin reserved by open positions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import InsufficientFunds, InvalidAmount, UnsupportedCurrency
from aggregates.money import MAX_CASH_AMOUNT, to_cash

CURRENCIES = ("USD",)
_WALLET_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/wallet")


def wallet_id(owner_id: UUID) -> UUID:
    """Every user has exactly one wallet, whose id follows from the user's id."""
    return uuid5(_WALLET_NS, str(owner_id))


class Wallet(AstraAggregate):
    """Cash and reserved margin of one trader, in USD cents."""

    TOPIC = "trading.Wallet"
    # Cash held by resting orders; a class default, so a wallet loaded from a snapshot older than orders has it.
    held = Decimal("0.00")
    # v2 state: what is open (position → margin, order → cash held), for the risk limits (services/risk.py).
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        # A snapshot taken before v2 cannot know what is open: None makes the risk check replay the events.
        state["open_margins"] = None
        state["order_holds"] = None

    class Opened(CreationEvent):
        """A wallet was opened for a newly registered user."""

        TOPIC = "trading.Wallet.Opened"
        owner_id: UUID
        currency: str

    class Deposited(AstraAggregate.Event):
        """Cash arrived from outside the platform."""

        TOPIC = "trading.Wallet.Deposited"
        amount: Decimal
        currency: str

    class Withdrawn(AstraAggregate.Event):
        """Cash left the platform, optionally to be settled to a Starknet address."""

        TOPIC = "trading.Wallet.Withdrawn"
        amount: Decimal
        currency: str
        starknet_address: str | None

    class MarginReserved(AstraAggregate.Event):
        """Opening a position moved its margin to reserved and paid the opening fee; also margin added to an
        open position (``fee`` 0.00)."""

        TOPIC = "trading.Wallet.MarginReserved"
        position_id: UUID
        margin: Decimal
        fee: Decimal

    class MarginReleased(AstraAggregate.Event):
        """Closing a position released its margin, booked its P&L and its closing fee; a partial close
        releases its share of the margin the same way (one event per close)."""

        TOPIC = "trading.Wallet.MarginReleased"
        position_id: UUID
        margin: Decimal
        gross_pnl: Decimal
        fee: Decimal

    class MarginForfeited(AstraAggregate.Event):
        """A liquidation forfeited a position's whole margin to the platform; no closing fee, no cash back."""

        TOPIC = "trading.Wallet.MarginForfeited"
        position_id: UUID
        margin: Decimal

    class OrderReserved(AstraAggregate.Event):
        """A resting order moved ``amount`` (its margin + fee at its own price) from cash to held."""

        TOPIC = "trading.Wallet.OrderReserved"
        order_id: UUID
        amount: Decimal

    class OrderReleased(AstraAggregate.Event):
        """An order's reservation went back to cash (on fill, before its real margin and fee, or on cancel)."""

        TOPIC = "trading.Wallet.OrderReleased"
        order_id: UUID
        amount: Decimal

    class NftBought(AstraAggregate.Event):
        """Cash paid for an NFT bought on the marketplace."""

        TOPIC = "trading.Wallet.NftBought"
        nft_id: UUID
        price: Decimal

    class NftSold(AstraAggregate.Event):
        """Cash received for an NFT sold on the marketplace: ``price`` less the platform's ``fee``."""

        TOPIC = "trading.Wallet.NftSold"
        nft_id: UUID
        price: Decimal
        fee: Decimal

    class SubscriptionPaid(AstraAggregate.Event):
        """Cash paid for one period of a subscription plan."""

        TOPIC = "trading.Wallet.SubscriptionPaid"
        subscription_id: UUID
        plan: str
        amount: Decimal

    @event(Opened)
    def __init__(self, id: UUID, owner_id: UUID, currency: str) -> None:  # noqa: A002, ARG002
        self.owner_id = owner_id
        self.currency = currency
        self.cash = Decimal("0.00")
        self.reserved = Decimal("0.00")
        # Keyed by the id as a string: snapshots are JSON, whose keys are strings.
        self.open_margins: dict[str, Decimal] | None = {}
        self.order_holds: dict[str, Decimal] | None = {}

    @classmethod
    def open_for(cls, owner_id: UUID) -> Wallet:
        """Open the USD wallet of a new user."""
        return cls(id=wallet_id(owner_id), owner_id=owner_id, currency="USD")

    def deposit(self, amount: Decimal, currency: str) -> None:
        """Credit cash from outside; 0 < amount ≤ 1,000,000.00 per command."""
        self._check_amount(amount, currency)
        self._deposited(amount=to_cash(amount), currency=currency)

    def withdraw(self, amount: Decimal, currency: str, starknet_address: str | None = None) -> None:
        """Debit cash not reserved as margin."""
        self._check_amount(amount, currency)
        if amount > self.cash:
            raise InsufficientFunds(f"withdrawal of {amount} exceeds available cash {self.cash}")
        self._withdrawn(amount=to_cash(amount), currency=currency, starknet_address=starknet_address)

    def reserve_margin(self, position_id: UUID, margin: Decimal, fee: Decimal) -> None:
        """Reserve a new position's margin and pay its opening fee from cash."""
        if margin + fee > self.cash:
            raise InsufficientFunds(f"margin {margin} + fee {fee} exceeds available cash {self.cash}")
        self._margin_reserved(position_id=position_id, margin=margin, fee=fee)

    def add_margin(self, position_id: UUID, amount: Decimal) -> None:
        """Move ``amount`` of cash into an open position's reserved margin (no fee)."""
        self.reserve_margin(position_id, amount, Decimal("0.00"))

    def release_margin(self, position_id: UUID, margin: Decimal, gross_pnl: Decimal, fee: Decimal) -> None:
        """Release a closed position's margin with its (loss-capped) P&L and closing fee."""
        self._margin_released(position_id=position_id, margin=margin, gross_pnl=gross_pnl, fee=fee)

    def forfeit_margin(self, position_id: UUID, margin: Decimal) -> None:
        """Give up a liquidated position's reserved margin (its loss); cash is untouched."""
        self._margin_forfeited(position_id=position_id, margin=margin)

    def reserve_for_order(self, order_id: UUID, amount: Decimal) -> None:
        """Hold a resting order's margin + fee from cash."""
        self._check_covers(amount)
        self._order_reserved(order_id=order_id, amount=amount)

    def release_order(self, order_id: UUID, amount: Decimal) -> None:
        """Give an order's reservation back to cash (once: the Order aggregate is open only once)."""
        if amount > self.held:
            raise InsufficientFunds(f"release of {amount} exceeds the {self.held} held by orders")
        self._order_released(order_id=order_id, amount=amount)

    def pay_for_nft(self, nft_id: UUID, price: Decimal) -> None:
        """Pay an NFT's price from cash not reserved as margin."""
        self._check_covers(price)
        self._nft_bought(nft_id=nft_id, price=price)

    def receive_nft_sale(self, nft_id: UUID, price: Decimal, fee: Decimal) -> None:
        """Credit the proceeds of an NFT sold: its price less the platform fee."""
        self._nft_sold(nft_id=nft_id, price=price, fee=fee)

    def pay_subscription(self, subscription_id: UUID, plan: str, amount: Decimal) -> None:
        """Pay one period of a subscription from cash not reserved as margin."""
        self._check_covers(amount)
        self._subscription_paid(subscription_id=subscription_id, plan=plan, amount=amount)

    def _check_covers(self, amount: Decimal) -> None:
        if amount > self.cash:
            raise InsufficientFunds(f"{amount} exceeds available cash {self.cash}")

    def _check_amount(self, amount: Decimal, currency: str) -> None:
        if currency not in CURRENCIES or currency != self.currency:
            raise UnsupportedCurrency(f"unsupported currency {currency!r}")
        # NaN must be refused before any comparison: ordering a NaN raises InvalidOperation.
        if not isinstance(amount, Decimal) or not amount.is_finite():
            raise InvalidAmount("amount must be a finite decimal")
        if not (Decimal(0) < amount <= MAX_CASH_AMOUNT) or to_cash(amount) != amount:
            raise InvalidAmount("amount must be > 0, ≤ 1,000,000.00, with at most 2 decimals")

    @event(Deposited)
    def _deposited(self, amount: Decimal, currency: str) -> None:  # noqa: ARG002
        self.cash += amount

    @event(Withdrawn)
    def _withdrawn(self, amount: Decimal, currency: str, starknet_address: str | None) -> None:  # noqa: ARG002
        self.cash -= amount

    @event(MarginReserved)
    def _margin_reserved(self, position_id: UUID, margin: Decimal, fee: Decimal) -> None:
        self.cash -= margin + fee
        self.reserved += margin
        _add(self.open_margins, position_id, margin)

    @event(MarginReleased)
    def _margin_released(self, position_id: UUID, margin: Decimal, gross_pnl: Decimal, fee: Decimal) -> None:
        self.reserved -= margin
        self.cash += margin + gross_pnl - fee
        _add(self.open_margins, position_id, -margin)

    @event(MarginForfeited)
    def _margin_forfeited(self, position_id: UUID, margin: Decimal) -> None:
        self.reserved -= margin
        _add(self.open_margins, position_id, -margin)

    @event(OrderReserved)
    def _order_reserved(self, order_id: UUID, amount: Decimal) -> None:
        self.cash -= amount
        self.held += amount
        _add(self.order_holds, order_id, amount)

    @event(OrderReleased)
    def _order_released(self, order_id: UUID, amount: Decimal) -> None:
        self.held -= amount
        self.cash += amount
        _add(self.order_holds, order_id, -amount)

    @event(NftBought)
    def _nft_bought(self, nft_id: UUID, price: Decimal) -> None:  # noqa: ARG002
        self.cash -= price

    @event(NftSold)
    def _nft_sold(self, nft_id: UUID, price: Decimal, fee: Decimal) -> None:  # noqa: ARG002
        self.cash += price - fee

    @event(SubscriptionPaid)
    def _subscription_paid(self, subscription_id: UUID, plan: str, amount: Decimal) -> None:  # noqa: ARG002
        self.cash -= amount


def _add(book: dict[str, Decimal] | None, key: UUID, amount: Decimal) -> None:
    """Move ``key``'s amount in a book of what is open; at zero it is no longer open (a margin or a hold is
    never 0.00 while open: both round up to the cent). A book of None (state from a v1 snapshot) stays unknown."""
    if book is None:
        return
    left = book.get(str(key), Decimal("0.00")) + amount
    if left > 0:
        book[str(key)] = left
    else:
        book.pop(str(key), None)
