"""The Position aggregate: one leveraged long or short position, opened and closed."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from aggregates import money
from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import (
    BelowMinNotional,
    DomainError,
    InvalidLeverage,
    InvalidPrice,
    InvalidQuantity,
    PositionAlreadyClosed,
)
from aggregates.money import MAX_LEVERAGE, MIN_NOTIONAL, PRICE_PLACES, Side


class PositionNotLiquidatable(DomainError):
    """A liquidation at a price short of the position's liquidation price."""

    code = "position_not_liquidatable"


class Position(AstraAggregate):
    """A position on a symbol; the prices it used are recorded in its events."""

    TOPIC = "trading.Position"

    class Opened(CreationEvent):
        """A trader opened a position at the latest price, paying fee and margin."""

        TOPIC = "trading.Position.Opened"
        owner_id: UUID
        symbol: str
        side: str
        quantity: Decimal
        leverage: int
        entry_price: Decimal
        notional: Decimal
        fee: Decimal
        margin: Decimal
        liquidation_price: Decimal

    class Closed(AstraAggregate.Event):
        """The owner closed the position at the latest price."""

        TOPIC = "trading.Position.Closed"
        exit_price: Decimal
        gross_pnl: Decimal
        fee: Decimal
        net_pnl: Decimal
        uncovered_loss: Decimal

    class Liquidated(AstraAggregate.Event):
        """A tick at or beyond the liquidation price closed the position at that tick's price:
        the whole margin lost, no closing fee; ``uncovered_loss`` went to the insurance fund."""

        TOPIC = "trading.Position.Liquidated"
        exit_price: Decimal
        gross_pnl: Decimal
        fee: Decimal
        net_pnl: Decimal
        uncovered_loss: Decimal

    @event(Opened)
    def __init__(  # noqa: PLR0913
        self,
        owner_id: UUID,
        symbol: str,
        side: str,
        quantity: Decimal,
        leverage: int,
        entry_price: Decimal,
        notional: Decimal,
        fee: Decimal,
        margin: Decimal,
        liquidation_price: Decimal,
    ) -> None:
        self.owner_id = owner_id
        self.symbol = symbol
        self.side = Side(side)
        self.quantity = quantity
        self.leverage = leverage
        self.entry_price = entry_price
        self.notional = notional
        self.fee = fee
        self.margin = margin
        self.liquidation_price = liquidation_price
        self.is_open = True

    @classmethod
    def open(  # noqa: PLR0913
        cls, owner_id: UUID, symbol: str, side: Side, quantity: Decimal, leverage: int, price: Decimal,
        *, min_notional: Decimal = MIN_NOTIONAL,
    ) -> Position:
        """Open at ``price`` (notional ≥ ``min_notional``): fee 0.1 % of notional, margin notional ÷ leverage."""
        _check_order(quantity, leverage, price)
        value = money.notional(quantity, price)
        if value < min_notional:
            # Below it, cent rounding dominates fee and margin: tiny positions were free to hold.
            raise BelowMinNotional(f"notional {value:f} is below the minimum {min_notional} for {symbol}")
        margin = money.margin(value, leverage)
        return cls(
            owner_id=owner_id,
            symbol=symbol,
            side=side.value,
            quantity=quantity,
            leverage=leverage,
            entry_price=price,
            notional=value,
            fee=money.trading_fee(value),
            margin=margin,
            liquidation_price=money.liquidation_price(side, price, quantity, margin),
        )

    def close(self, price: Decimal) -> money.Settlement:
        """Close at ``price``; the loss booked never exceeds the margin."""
        if not self.is_open:
            raise PositionAlreadyClosed("position is already closed")
        s = money.settle_close(self.side, self.entry_price, price, self.quantity, self.margin, self.fee)
        self._closed(
            exit_price=price, gross_pnl=s.gross_pnl, fee=s.fee, net_pnl=s.net_pnl, uncovered_loss=s.uncovered_loss
        )
        return s

    def liquidate(self, price: Decimal) -> money.Settlement:
        """Liquidate at a tick's ``price`` at or beyond the liquidation price: loss = margin, no closing fee."""
        if not self.is_open:
            raise PositionAlreadyClosed("position is already closed")
        if not money.is_positive_with_places(price, PRICE_PLACES):
            raise InvalidPrice("price must be > 0 with at most 8 decimals")
        if not money.is_at_or_beyond_liquidation(self.side, price, self.liquidation_price):
            raise PositionNotLiquidatable(f"{price} has not reached the liquidation price {self.liquidation_price}")
        raw = money.gross_pnl(self.side, self.entry_price, price, self.quantity)
        s = money.Settlement(self.margin, self.fee, raw, Decimal("0.00"))
        self._liquidated(
            exit_price=price, gross_pnl=s.gross_pnl, fee=s.fee, net_pnl=s.net_pnl, uncovered_loss=s.uncovered_loss
        )
        return s

    @event(Closed)
    def _closed(  # noqa: PLR0913
        self, exit_price: Decimal, gross_pnl: Decimal, fee: Decimal, net_pnl: Decimal, uncovered_loss: Decimal  # noqa: ARG002
    ) -> None:
        self.is_open = False
        self.exit_price = exit_price
        self.net_pnl = net_pnl

    @event(Liquidated)
    def _liquidated(  # noqa: PLR0913
        self, exit_price: Decimal, gross_pnl: Decimal, fee: Decimal, net_pnl: Decimal, uncovered_loss: Decimal  # noqa: ARG002
    ) -> None:
        self.is_open = False
        self.exit_price = exit_price
        self.net_pnl = net_pnl


def _check_order(quantity: Decimal, leverage: int, price: Decimal) -> None:
    # A zero or negative quantity would book a negative fee and margin (cash from
    # nothing) or divide by zero computing the liquidation price.
    if not money.is_positive_with_places(quantity, PRICE_PLACES):
        raise InvalidQuantity("quantity must be > 0 with at most 8 decimals")
    if isinstance(leverage, bool) or not isinstance(leverage, int) or not 1 <= leverage <= MAX_LEVERAGE:
        raise InvalidLeverage(f"leverage must be an integer from 1 to {MAX_LEVERAGE}")
    if not money.is_positive_with_places(price, PRICE_PLACES):
        raise InvalidPrice("price must be > 0 with at most 8 decimals")
