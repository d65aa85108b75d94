"""The Position aggregate: one leveraged long or short position, opened, changed and closed.

Besides open and close (api.md v1): partial closes, margin added from cash, and exits
(stop loss, take profit, trailing stop) that the trigger policy fires at a tick's price
(api.md "Orders and positions (extended)")."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from aggregates import money
from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import (
    BelowMinNotional,
    DomainError,
    InvalidAmount,
    InvalidLeverage,
    InvalidPrice,
    InvalidQuantity,
    PositionAlreadyClosed,
)
from aggregates.money import MAX_LEVERAGE, MIN_NOTIONAL, PRICE_PLACES, Side


class PositionNotLiquidatable(DomainError):
    """A liquidation at a price short of the position's liquidation price."""

    code = "position_not_liquidatable"


class StopBeyondLiquidation(DomainError):
    """A stop loss the liquidation would reach first: a long's at or below its liquidation price."""

    code = "stop_beyond_liquidation"
    status = 422


class InvalidExit(DomainError):
    """An exit price or trailing percentage out of range."""

    code = "invalid_exit"
    status = 422


class ExitNotReached(DomainError):
    """An exit asked to fire at a price that has not reached it (or an exit that is not set)."""

    code = "exit_not_reached"


class Exit(str, Enum):
    """How a position ended (the ``ended_by`` of ``Closed``); the exits are the last three."""

    CLOSED = "closed"
    STOP_LOSS = "stop_loss"
    TAKE_PROFIT = "take_profit"
    TRAILING_STOP = "trailing_stop"


_HUNDRED = Decimal(100)


class Position(AstraAggregate):
    """A position on a symbol; the prices it used are recorded in its events."""

    TOPIC = "trading.Position"
    # Σ net P&L of the partial closes so far (a class default: every position starts with none).
    partial_net_pnl = Decimal("0.00")

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
        """The position's final close: by its owner at the latest price (``ended_by`` ``closed``) or by one of
        its exits at the triggering tick's price (``stop_loss``, ``take_profit``, ``trailing_stop``).

        After partial closes, the figures are those of the remaining quantity and margin."""

        TOPIC = "trading.Position.Closed"
        class_version = 2
        exit_price: Decimal
        gross_pnl: Decimal
        fee: Decimal
        net_pnl: Decimal
        uncovered_loss: Decimal
        ended_by: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Before exits existed, every close was the owner's.
            state["ended_by"] = "closed"

    class PartiallyClosed(AstraAggregate.Event):
        """The owner closed ``quantity`` of the position at the latest price: gross P&L and closing fee on it,
        ``margin_released`` (margin · q / Q, half-even) back to cash, the loss capped at that margin.

        ``open_fee`` is the share of the opening fee the closed part carries (fee · q / Q, half-even), so
        ``net_pnl`` = gross − open_fee − fee; ``remaining_*`` and ``liquidation_price`` are what stays open."""

        TOPIC = "trading.Position.PartiallyClosed"
        quantity: Decimal
        exit_price: Decimal
        gross_pnl: Decimal
        fee: Decimal
        open_fee: Decimal
        net_pnl: Decimal
        uncovered_loss: Decimal
        margin_released: Decimal
        remaining_quantity: Decimal
        remaining_margin: Decimal
        liquidation_price: Decimal

    class MarginAdded(AstraAggregate.Event):
        """The owner moved ``amount`` of cash into the position's margin; the liquidation price moved away."""

        TOPIC = "trading.Position.MarginAdded"
        amount: Decimal
        margin: Decimal
        liquidation_price: Decimal

    class Increased(AstraAggregate.Event):
        """An order added ``quantity`` at ``price`` to the position: fee 0.1 % of the added notional, margin added
        = added notional ÷ the position's leverage (both rounded up); ``entry_price`` became the weighted
        ``(q1·p1 + q2·p2) / (q1 + q2)`` (8 decimals, half-even); the others are the new totals."""

        TOPIC = "trading.Position.Increased"
        order_id: UUID
        quantity: Decimal
        price: Decimal
        fee: Decimal
        margin_added: Decimal
        total_quantity: Decimal
        entry_price: Decimal
        margin: Decimal
        liquidation_price: Decimal

    class ExitsSet(AstraAggregate.Event):
        """The owner set the position's exits (each ``None`` when absent), replacing the previous ones.

        ``reference_price`` is the latest price when they were set: where a trailing stop (re)starts following
        the best price; ``None`` when the trailing stop was kept as it was (it goes on from its best)."""

        TOPIC = "trading.Position.ExitsSet"
        stop_loss: Decimal | None
        take_profit: Decimal | None
        trailing_stop_pct: Decimal | None
        reference_price: Decimal | None

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
    def __init__(
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
        self.stop_loss: Decimal | None = None
        self.take_profit: Decimal | None = None
        self.trailing_stop_pct: Decimal | None = None

    @classmethod
    def open(
        cls,
        owner_id: UUID,
        symbol: str,
        side: Side,
        quantity: Decimal,
        leverage: int,
        price: Decimal,
        *,
        min_notional: Decimal = MIN_NOTIONAL,
        fee_rate: Decimal = money.FEE_RATE,
    ) -> Position:
        """Open at ``price`` (notional ≥ ``min_notional``): fee 0.1 % of notional (``fee_rate``: another rate a
        backtest asks for), margin notional ÷ leverage."""
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
            fee=money.trading_fee(value, fee_rate),
            margin=margin,
            liquidation_price=money.liquidation_price(side, price, quantity, margin),
        )

    def close(
        self, price: Decimal, ended_by: Exit = Exit.CLOSED, *, fee_rate: Decimal = money.FEE_RATE
    ) -> money.Settlement:
        """Close the whole position at ``price``; the loss booked never exceeds the margin."""
        self._check_open()
        s = money.settle_close(self.side, self.entry_price, price, self.quantity, self.margin, self.fee, fee_rate)
        self._closed(
            exit_price=price,
            gross_pnl=s.gross_pnl,
            fee=s.fee,
            net_pnl=s.net_pnl,
            uncovered_loss=s.uncovered_loss,
            ended_by=ended_by.value,
        )
        return s

    def close_part(
        self, quantity: Decimal, price: Decimal, *, min_notional: Decimal = MIN_NOTIONAL
    ) -> money.Settlement:
        """Close ``quantity`` at ``price``; the whole quantity is the final close (``close``).

        Margin and opening fee are shared pro rata (half-even cents), so the final close carries what remains
        of both; the loss booked never exceeds the margin released. What stays open must keep a notional (at
        the entry price) of at least ``min_notional``."""
        self._check_open()
        if not money.is_positive_with_places(quantity, PRICE_PLACES) or quantity > self.quantity:
            raise InvalidQuantity(f"quantity must be > 0, at most the open {self.quantity}, with at most 8 decimals")
        if quantity == self.quantity:
            return self.close(price)
        left = money.notional(self.quantity - quantity, self.entry_price)
        if left < min_notional:
            # A sliver left open could keep 0.00 margin (half-even release): a loss-free position.
            raise BelowMinNotional(f"the {left:f} left open would be below the minimum notional {min_notional}")
        released = money.pro_rata(self.margin, quantity, self.quantity)
        open_fee = money.pro_rata(self.fee, quantity, self.quantity)
        raw = money.gross_pnl(self.side, self.entry_price, price, quantity)
        s = money.Settlement(released, open_fee, raw, money.trading_fee(money.notional(quantity, price)))
        remaining_quantity = self.quantity - quantity
        remaining_margin = self.margin - released
        self._partially_closed(
            quantity=quantity,
            exit_price=price,
            gross_pnl=s.gross_pnl,
            fee=s.fee,
            open_fee=open_fee,
            net_pnl=s.net_pnl,
            uncovered_loss=s.uncovered_loss,
            margin_released=released,
            remaining_quantity=remaining_quantity,
            remaining_margin=remaining_margin,
            liquidation_price=money.liquidation_price(
                self.side, self.entry_price, remaining_quantity, remaining_margin
            ),
        )
        return s

    def increase(
        self, order_id: UUID, quantity: Decimal, price: Decimal, *, min_notional: Decimal = MIN_NOTIONAL
    ) -> tuple[Decimal, Decimal]:
        """Add ``quantity`` at ``price`` (an order's fill); returns the (fee, margin) it costs."""
        self._check_open()
        _check_order(quantity, self.leverage, price)
        value = money.notional(quantity, price)
        if value < min_notional:
            raise BelowMinNotional(f"notional {value:f} is below the minimum {min_notional} for {self.symbol}")
        fee, margin_added = money.trading_fee(value), money.margin(value, self.leverage)
        total = self.quantity + quantity
        entry = money.weighted_price(self.quantity, self.entry_price, quantity, price)
        margin = self.margin + margin_added
        self._increased(
            order_id=order_id,
            quantity=quantity,
            price=price,
            fee=fee,
            margin_added=margin_added,
            total_quantity=total,
            entry_price=entry,
            margin=margin,
            liquidation_price=money.liquidation_price(self.side, entry, total, margin),
        )
        return fee, margin_added

    def add_margin(self, amount: Decimal) -> None:
        """Add ``amount`` (cents, > 0) to the margin: the liquidation price moves away from the price."""
        self._check_open()
        if not money.is_positive_with_places(amount, 2):
            raise InvalidAmount("amount must be > 0 with at most 2 decimals")
        margin = self.margin + amount
        self._margin_added(
            amount=amount,
            margin=margin,
            liquidation_price=money.liquidation_price(self.side, self.entry_price, self.quantity, margin),
        )

    def set_exits(
        self,
        stop_loss: Decimal | None,
        take_profit: Decimal | None,
        trailing_stop_pct: Decimal | None,
        price: Decimal,
        *,
        keep_trailing: bool = False,
    ) -> None:
        """Replace the exits (None removes one); ``price`` is the latest, where a trailing stop starts, unless
        ``keep_trailing`` (the same trailing stop goes on from its best price: it never moves back)."""
        self._check_open()
        for value in (stop_loss, take_profit):
            if value is not None and not money.is_positive_with_places(value, PRICE_PLACES):
                raise InvalidExit("exit prices must be > 0 with at most 8 decimals")
        if trailing_stop_pct is not None and not (
            money.is_positive_with_places(trailing_stop_pct, 2) and trailing_stop_pct < _HUNDRED
        ):
            raise InvalidExit("trailing_stop_pct must be > 0 and < 100 with at most 2 decimals")
        if stop_loss is not None and money.is_at_or_beyond_liquidation(self.side, stop_loss, self.liquidation_price):
            # The liquidation would always come first: such a stop could never fire.
            raise StopBeyondLiquidation(
                f"a {self.side.value}'s stop loss must be {'above' if self.side is Side.LONG else 'below'} "
                f"its liquidation price {self.liquidation_price}"
            )
        kept = keep_trailing and trailing_stop_pct is not None and trailing_stop_pct == self.trailing_stop_pct
        self._exits_set(
            stop_loss=stop_loss,
            take_profit=take_profit,
            trailing_stop_pct=trailing_stop_pct,
            reference_price=None if kept else price,
        )

    def fire_exit(self, exit_: Exit, price: Decimal) -> money.Settlement:
        """Close the whole position at a tick's ``price`` by one of its exits (the others go with it).

        Stop loss and take profit are checked against ``price``; a trailing stop's level depends on the ticks
        since it was set, which only the trigger policy follows, so it is checked to be set."""
        self._check_open()
        reached = {
            Exit.STOP_LOSS: self.stop_loss is not None and _at_or_worse(self.side, price, self.stop_loss),
            Exit.TAKE_PROFIT: self.take_profit is not None
            and _at_or_worse(self.side.opposite(), price, self.take_profit),
            Exit.TRAILING_STOP: self.trailing_stop_pct is not None,
        }.get(exit_, False)
        if not reached:
            raise ExitNotReached(f"{exit_.value} is not set or not reached at {price}")
        return self.close(price, exit_)

    def _check_open(self) -> None:
        if not self.is_open:
            raise PositionAlreadyClosed("position is already closed")

    def liquidate(self, price: Decimal) -> money.Settlement:
        """Liquidate at a tick's ``price`` at or beyond the liquidation price: loss = margin, no closing fee."""
        self._check_open()
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
    def _closed(
        self,
        exit_price: Decimal,
        gross_pnl: Decimal,  # noqa: ARG002
        fee: Decimal,  # noqa: ARG002
        net_pnl: Decimal,
        uncovered_loss: Decimal,  # noqa: ARG002
        ended_by: str,  # noqa: ARG002
    ) -> None:
        self.is_open = False
        self.exit_price = exit_price
        self.net_pnl = net_pnl

    @event(PartiallyClosed)
    def _partially_closed(
        self,
        quantity: Decimal,  # noqa: ARG002
        exit_price: Decimal,  # noqa: ARG002
        gross_pnl: Decimal,  # noqa: ARG002
        fee: Decimal,  # noqa: ARG002
        open_fee: Decimal,
        net_pnl: Decimal,
        uncovered_loss: Decimal,  # noqa: ARG002
        margin_released: Decimal,  # noqa: ARG002
        remaining_quantity: Decimal,
        remaining_margin: Decimal,
        liquidation_price: Decimal,
    ) -> None:
        self.partial_net_pnl += net_pnl
        self.quantity = remaining_quantity
        self.margin = remaining_margin
        self.fee -= open_fee
        self.notional = money.notional(remaining_quantity, self.entry_price)
        self.liquidation_price = liquidation_price

    @event(Increased)
    def _increased(
        self,
        order_id: UUID,  # noqa: ARG002
        quantity: Decimal,  # noqa: ARG002
        price: Decimal,  # noqa: ARG002
        fee: Decimal,
        margin_added: Decimal,  # noqa: ARG002
        total_quantity: Decimal,
        entry_price: Decimal,
        margin: Decimal,
        liquidation_price: Decimal,
    ) -> None:
        self.quantity = total_quantity
        self.entry_price = entry_price
        self.fee += fee
        self.margin = margin
        self.notional = money.notional(total_quantity, entry_price)
        self.liquidation_price = liquidation_price

    @event(MarginAdded)
    def _margin_added(self, amount: Decimal, margin: Decimal, liquidation_price: Decimal) -> None:  # noqa: ARG002
        self.margin = margin
        self.liquidation_price = liquidation_price

    @event(ExitsSet)
    def _exits_set(
        self,
        stop_loss: Decimal | None,
        take_profit: Decimal | None,
        trailing_stop_pct: Decimal | None,
        reference_price: Decimal | None,  # noqa: ARG002
    ) -> None:
        self.stop_loss = stop_loss
        self.take_profit = take_profit
        self.trailing_stop_pct = trailing_stop_pct

    @event(Liquidated)
    def _liquidated(
        self,
        exit_price: Decimal,
        gross_pnl: Decimal,  # noqa: ARG002
        fee: Decimal,  # noqa: ARG002
        net_pnl: Decimal,
        uncovered_loss: Decimal,  # noqa: ARG002
    ) -> None:
        self.is_open = False
        self.exit_price = exit_price
        self.net_pnl = net_pnl


def _at_or_worse(side: Side, price: Decimal, level: Decimal) -> bool:
    """Whether ``price`` is at or below ``level`` for a long (at or above for a short)."""
    return price <= level if side is Side.LONG else price >= level


def _check_order(quantity: Decimal, leverage: int, price: Decimal) -> None:
    # A zero or negative quantity would book a negative fee and margin (cash from
    # nothing) or divide by zero computing the liquidation price.
    if not money.is_positive_with_places(quantity, PRICE_PLACES):
        raise InvalidQuantity("quantity must be > 0 with at most 8 decimals")
    if isinstance(leverage, bool) or not isinstance(leverage, int) or not 1 <= leverage <= MAX_LEVERAGE:
        raise InvalidLeverage(f"leverage must be an integer from 1 to {MAX_LEVERAGE}")
    if not money.is_positive_with_places(price, PRICE_PLACES):
        raise InvalidPrice("price must be > 0 with at most 8 decimals")
