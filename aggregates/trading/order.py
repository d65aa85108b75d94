"""The Order aggregate: an entry order (market, limit, stop) from placement to fill or cancel.

A resting (limit or stop) order holds ``reserved`` cash in its owner's wallet: margin + fee at its own
price, rounded up like every fee and margin; the reservation is released exactly once, on fill (where the
real margin and fee at the fill price replace it) or on cancel (api.md "Orders and positions (extended)").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from uuid import UUID

from eventsourcing.domain import event

from aggregates import clock, money
from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import BelowMinNotional, DomainError, InvalidLeverage, InvalidPrice, InvalidQuantity
from aggregates.money import MAX_LEVERAGE, MIN_NOTIONAL, PRICE_PLACES, Side
from aggregates.trading.slicing import Plan, holds_of


class OrderType(str, Enum):
    MARKET = "market"
    LIMIT = "limit"
    STOP = "stop"
    TWAP = "twap"  # slices of even size at even intervals (aggregates/trading/slicing.py)
    VWAP = "vwap"  # slices weighted by the symbol's volume per hour of day

    @property
    def is_algorithm(self) -> bool:
        return self in (OrderType.TWAP, OrderType.VWAP)


class TimeInForce(str, Enum):
    GTC = "gtc"  # rests until filled or cancelled
    IOC = "ioc"  # fills now or is cancelled
    GTD = "gtd"  # rests until ``expires_at`` (expired by the first tick of its symbol at or after it)


class OrderStatus(str, Enum):
    OPEN = "open"
    FILLED = "filled"
    CANCELLED = "cancelled"


class OrderNotOpen(DomainError):
    """A cancel or fill of an order already filled or cancelled."""

    code = "order_not_open"


class OrderNotReached(DomainError):
    """A fill at a price the order's limit or stop does not accept."""

    code = "order_not_reached"


class OrderNotExpired(DomainError):
    """An expiry asked before the order's ``expires_at`` (or of an order without one)."""

    code = "order_not_expired"


class SliceNotDue(DomainError):
    """A TWAP/VWAP slice asked before its time."""

    code = "slice_not_due"


class SliceAlreadyFilled(DomainError):
    """A TWAP/VWAP slice asked again (a redelivered job): it filled once already."""

    code = "slice_already_filled"


class InvalidOrder(DomainError):
    """An order whose type and prices do not go together."""

    code = "invalid_order"
    status = 422


class Order(AstraAggregate):
    """One entry order of one trader."""

    TOPIC = "trading.Order"

    class Placed(CreationEvent):
        """A trader placed an order. ``position_id``: the open position it adds to (None: it opens one);
        ``stop_loss``/``take_profit``/``trailing_stop_pct``: exits for the resulting position; ``reserved``:
        the cash it holds while it rests (0.00 for a market order, which fills at once)."""

        TOPIC = "trading.Order.Placed"
        owner_id: UUID
        type: str
        symbol: str
        side: str
        quantity: Decimal
        leverage: int
        limit_price: Decimal | None
        stop_price: Decimal | None
        position_id: UUID | None
        stop_loss: Decimal | None
        take_profit: Decimal | None
        trailing_stop_pct: Decimal | None
        time_in_force: str
        reserved: Decimal
        expires_at: datetime | None

    class Filled(AstraAggregate.Event):
        """The order filled at ``price`` into ``position_id`` (opened or added to), paying ``fee`` and
        ``margin``; its reservation (``released``) went back to cash in the same transaction."""

        TOPIC = "trading.Order.Filled"
        price: Decimal
        position_id: UUID
        fee: Decimal
        margin: Decimal
        released: Decimal

    class Scheduled(AstraAggregate.Event):
        """A TWAP/VWAP order's plan, recorded with its placement: slice ``i`` of ``slices[i]`` is due at
        ``starts_at`` + i × ``interval_ms`` and holds ``holds[i]`` (its margin + fee at ``reference_price``, the
        market price at placement; the order's ``reserved`` is their sum). ``weighted_by``: ``volume`` (VWAP from
        candles) or ``time`` (TWAP, and VWAP without volume history)."""

        TOPIC = "trading.Order.Scheduled"
        slices: list[Decimal]
        holds: list[Decimal]
        interval_ms: int
        starts_at: datetime
        reference_price: Decimal
        weighted_by: str

    class SliceFilled(AstraAggregate.Event):
        """Slice ``index`` filled ``quantity`` at the market ``price`` into ``position_id`` (the first slice opens it,
        later ones add to it), paying ``fee`` and ``margin``; its hold (``released``) went back to cash first."""

        TOPIC = "trading.Order.SliceFilled"
        index: int
        quantity: Decimal
        price: Decimal
        position_id: UUID
        fee: Decimal
        margin: Decimal
        released: Decimal

    class Cancelled(AstraAggregate.Event):
        """The order ended unfilled: ``reason`` ``owner`` (DELETE), ``ioc`` (not fillable at once) or the rule
        its fill broke (``insufficient_funds``, ``position_closed``, …); ``released`` went back to cash."""

        TOPIC = "trading.Order.Cancelled"
        reason: str
        released: Decimal

    @event(Placed)
    def __init__(
        self,
        owner_id: UUID,
        type: str,  # noqa: A002
        symbol: str,
        side: str,
        quantity: Decimal,
        leverage: int,
        limit_price: Decimal | None,
        stop_price: Decimal | None,
        position_id: UUID | None,
        stop_loss: Decimal | None,
        take_profit: Decimal | None,
        trailing_stop_pct: Decimal | None,
        time_in_force: str,
        reserved: Decimal,
        expires_at: datetime | None,
    ) -> None:
        self.owner_id = owner_id
        self.type = OrderType(type)
        self.symbol = symbol
        self.side = Side(side)
        self.quantity = quantity
        self.leverage = leverage
        self.limit_price = limit_price
        self.stop_price = stop_price
        self.position_id = position_id
        self.stop_loss = stop_loss
        self.take_profit = take_profit
        self.trailing_stop_pct = trailing_stop_pct
        self.time_in_force = TimeInForce(time_in_force)
        self.reserved = reserved
        self.expires_at = expires_at
        self.status = OrderStatus.OPEN
        self.fill_price: Decimal | None = None
        self.plan: Plan | None = None  # a TWAP/VWAP order's slices

    @classmethod
    def place(
        cls,
        owner_id: UUID,
        type_: OrderType,
        symbol: str,
        side: Side,
        quantity: Decimal,
        leverage: int,
        *,
        market_price: Decimal,
        limit_price: Decimal | None = None,
        stop_price: Decimal | None = None,
        position_id: UUID | None = None,
        stop_loss: Decimal | None = None,
        take_profit: Decimal | None = None,
        trailing_stop_pct: Decimal | None = None,
        time_in_force: TimeInForce = TimeInForce.GTC,
        min_notional: Decimal = MIN_NOTIONAL,
        expires_at: datetime | None = None,
        slices: Sequence[Decimal] = (),
    ) -> Order:
        """Place an order; a resting one reserves margin + fee at its own price (``market_price`` for a market
        order, which reserves nothing: it fills in the same transaction)."""
        if not money.is_positive_with_places(quantity, PRICE_PLACES):
            raise InvalidQuantity("quantity must be > 0 with at most 8 decimals")
        if isinstance(leverage, bool) or not isinstance(leverage, int) or not 1 <= leverage <= MAX_LEVERAGE:
            raise InvalidLeverage(f"leverage must be an integer from 1 to {MAX_LEVERAGE}")
        wanted = {OrderType.LIMIT: (True, False), OrderType.STOP: (False, True)}.get(type_, (False, False))
        if (limit_price is not None, stop_price is not None) != wanted:
            raise InvalidOrder("a limit order takes limit_price, a stop order stop_price, the others neither")
        if (time_in_force is TimeInForce.GTD) != (expires_at is not None):
            raise InvalidOrder("a gtd order takes expires_at, and only a gtd order")
        if expires_at is not None and expires_at <= clock.now():
            raise InvalidOrder("expires_at must be in the future")
        price = limit_price or stop_price or market_price
        if not money.is_positive_with_places(price, PRICE_PLACES):
            raise InvalidPrice("price must be > 0 with at most 8 decimals")
        value = money.notional(quantity, price)
        if value < min_notional:
            raise BelowMinNotional(f"notional {value:f} is below the minimum {min_notional} for {symbol}")
        reserved = (
            Decimal("0.00") if type_ is OrderType.MARKET else (money.margin(value, leverage) + money.trading_fee(value))
        )
        if type_.is_algorithm:
            if time_in_force is not TimeInForce.GTC:
                raise InvalidOrder("a twap or vwap order runs until its last slice or a cancel: time_in_force gtc")
            reserved = sum((hold for hold in holds_of(slices, market_price, leverage)), Decimal("0.00"))
        return cls(
            owner_id=owner_id,
            type=type_.value,
            symbol=symbol,
            side=side.value,
            quantity=quantity,
            leverage=leverage,
            limit_price=limit_price,
            stop_price=stop_price,
            position_id=position_id,
            stop_loss=stop_loss,
            take_profit=take_profit,
            trailing_stop_pct=trailing_stop_pct,
            time_in_force=time_in_force.value,
            reserved=reserved,
            expires_at=expires_at,
        )

    @classmethod
    def place_algorithm(
        cls,
        owner_id: UUID,
        type_: OrderType,
        symbol: str,
        side: Side,
        quantity: Decimal,
        leverage: int,
        *,
        market_price: Decimal,
        slices: Sequence[Decimal],
        interval_ms: int,
        weighted_by: str,
        position_id: UUID | None = None,
        stop_loss: Decimal | None = None,
        take_profit: Decimal | None = None,
        trailing_stop_pct: Decimal | None = None,
        time_in_force: TimeInForce = TimeInForce.GTC,
        limit_price: Decimal | None = None,
        stop_price: Decimal | None = None,
    ) -> Order:
        """Place a TWAP/VWAP order cut into ``slices`` (aggregates/trading/slicing.py checked them): it holds each
        slice's margin + fee at the market price until that slice fills, the first slice due now."""
        if not type_.is_algorithm or sum(slices, Decimal(0)) != quantity:
            raise InvalidOrder("the slices of a twap or vwap order add up to its quantity")
        order = cls.place(
            owner_id,
            type_,
            symbol,
            side,
            quantity,
            leverage,
            market_price=market_price,
            position_id=position_id,
            stop_loss=stop_loss,
            take_profit=take_profit,
            trailing_stop_pct=trailing_stop_pct,
            min_notional=Decimal(0),
            slices=slices,
            time_in_force=time_in_force,
            limit_price=limit_price,
            stop_price=stop_price,
        )
        order._scheduled(
            slices=list(slices),
            holds=holds_of(slices, market_price, leverage),
            interval_ms=interval_ms,
            starts_at=clock.now(),
            reference_price=market_price,
            weighted_by=weighted_by,
        )
        return order

    @property
    def trigger_price(self) -> Decimal | None:
        """The limit or stop price (None for a market order)."""
        return self.limit_price if self.limit_price is not None else self.stop_price

    @property
    def open_notional(self) -> Decimal:
        """The notional this open order may still add to its owner's positions (risk limits): its quantity at its
        own price."""
        if self.plan is not None:
            return money.notional(self.plan.left, self.plan.reference_price)
        price = self.trigger_price
        return Decimal(0) if price is None else money.notional(self.quantity, price)

    def accepts(self, price: Decimal) -> bool:
        """Whether a tick at ``price`` fills this order: a long limit at or below its limit, a short limit at or
        above; a long stop at or above its stop, a short stop at or below; a market order at any price."""
        if self.type is OrderType.MARKET:
            return True
        falls = (self.type is OrderType.LIMIT) == (self.side is Side.LONG)
        level = self.trigger_price
        assert level is not None
        return price <= level if falls else price >= level

    def fill(self, price: Decimal, position_id: UUID, fee: Decimal, margin: Decimal) -> None:
        """Record the fill at ``price`` (which the order must accept) into ``position_id``."""
        self._check_open()
        if not self.accepts(price):
            raise OrderNotReached(f"{self.type.value} order at {self.trigger_price} does not fill at {price}")
        self._filled(price=price, position_id=position_id, fee=fee, margin=margin, released=self.reserved)

    def check_slice(self, index: int) -> Decimal:
        """The quantity of slice ``index`` if it may fill now: the order open, the slice due and not yet filled."""
        self._check_open()
        if self.plan is None or not 0 <= index < len(self.plan.slices):
            raise InvalidOrder(f"this order has no slice {index}")
        if index in self.plan.filled:
            raise SliceAlreadyFilled(f"slice {index} already filled")
        if clock.now() < self.plan.due_at(index):
            raise SliceNotDue(f"slice {index} is due at {self.plan.due_at(index)}")
        return self.plan.slices[index]

    def fill_slice(self, index: int, price: Decimal, position_id: UUID, fee: Decimal, margin: Decimal) -> None:
        """Record slice ``index`` filled at ``price`` into ``position_id``; the last one fills the order."""
        quantity = self.check_slice(index)
        self._slice_filled(
            index=index,
            quantity=quantity,
            price=price,
            position_id=position_id,
            fee=fee,
            margin=margin,
            released=self.hold_of(index),
        )

    def hold_of(self, index: int) -> Decimal:
        """What slice ``index`` releases when it fills: its hold; the last slice to fill, whatever is left."""
        assert self.plan is not None
        last = len(self.plan.filled) == len(self.plan.slices) - 1
        return self.reserved if last else self.plan.holds[index]

    def expire(self) -> None:
        """End a gtd order whose ``expires_at`` has passed (now is the triggering tick's time)."""
        self._check_open()
        if self.expires_at is None or clock.now() < self.expires_at:
            raise OrderNotExpired(f"order expires at {self.expires_at}")
        self._cancelled(reason="expired", released=self.reserved)

    def cancel(self, reason: str) -> None:
        """End the order unfilled, releasing its reservation."""
        self._check_open()
        self._cancelled(reason=reason, released=self.reserved)

    def _check_open(self) -> None:
        if self.status is not OrderStatus.OPEN:
            raise OrderNotOpen(f"order is {self.status.value}")

    @event(Filled)
    def _filled(
        self,
        price: Decimal,
        position_id: UUID,
        fee: Decimal,  # noqa: ARG002
        margin: Decimal,  # noqa: ARG002
        released: Decimal,  # noqa: ARG002
    ) -> None:
        self.status = OrderStatus.FILLED
        self.fill_price = price
        self.position_id = position_id

    @event(Scheduled)
    def _scheduled(
        self,
        slices: list[Decimal],
        holds: list[Decimal],
        interval_ms: int,
        starts_at: datetime,
        reference_price: Decimal,
        weighted_by: str,  # noqa: ARG002
    ) -> None:
        self.plan = Plan(slices, holds, interval_ms, starts_at, reference_price)

    @event(SliceFilled)
    def _slice_filled(
        self,
        index: int,
        quantity: Decimal,
        price: Decimal,
        position_id: UUID,
        fee: Decimal,  # noqa: ARG002
        margin: Decimal,  # noqa: ARG002
        released: Decimal,
    ) -> None:
        assert self.plan is not None
        self.plan.record(index, quantity, price)
        self.reserved -= released
        self.position_id = position_id
        self.fill_price = self.plan.average_price
        if len(self.plan.filled) == len(self.plan.slices):
            self.status = OrderStatus.FILLED

    @event(Cancelled)
    def _cancelled(self, reason: str, released: Decimal) -> None:  # noqa: ARG002
        self.status = OrderStatus.CANCELLED
