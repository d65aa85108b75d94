"""TWAP and VWAP orders: placing one cut into slices, and filling one slice (the slice job's command).

A TWAP/VWAP order holds each slice's margin + fee (at the market price when placed) until that slice fills; a
slice releases its hold, then opens the order's position (the first slice filled) or adds to it (the others,
by the add-to-position rule) at the latest price. Each slice fills at most once: the Order refuses a slice it
recorded (``SliceAlreadyFilled``) and the job keys each slice's command by ``slice:<order>:<index>``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from aggregates import clock, money
from aggregates.errors import DomainError
from aggregates.market.rules import check_entry
from aggregates.trading import slicing
from aggregates.trading.market_price import MarketPrice
from aggregates.trading.order import InvalidOrder, Order, OrderType
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.metadata import CommandContext
from services import risk
from services.commands import CommandResult, Decision, Idempotency
from services.loading import get_as
from services.revenue import wallet_of
from services.trading import market_of

if TYPE_CHECKING:
    from services.orders import OrderService, OrderSpec


class AlgorithmOrders:
    """The TWAP/VWAP part of the order service (same runner, instruments and volume profile)."""

    def __init__(self, orders: OrderService) -> None:
        self.orders = orders

    def fill_slice(
        self, order_id: UUID, index: int, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Fill slice ``index`` of a TWAP/VWAP order at the latest price (the slice job's command): its hold back to
        cash, the position opened by the first slice filled or grown by the others.

        OrderNotOpen, SliceAlreadyFilled (a redelivered job) and SliceNotDue are refusals that write nothing; a
        rule refusing the fill itself (cash, a closed position, a halted market) cancels the order's remaining
        slices, releasing what they hold."""

        def decide() -> Decision:
            owner = get_as(self.orders.repository, order_id, Order, "order").owner_id
            wallet = wallet_of(self.orders.repository, owner)
            order = get_as(self.orders.repository, order_id, Order, "order")  # read after the wallet (see cancel)
            quantity = order.check_slice(index)
            market = market_of(self.orders.repository, order.symbol)
            assert market is not None  # an order exists only for a priced symbol
            try:
                rules = self.orders.instruments.settings(order.symbol)
                check_entry(rules, quantity, order.leverage, market.modified_on, clock.now())
                touched = self._fill_slice(order, index, quantity, wallet, market.price)
            except DomainError as refused:
                order = get_as(self.orders.repository, order_id, Order, "order")
                wallet = wallet_of(self.orders.repository, owner)
                order.cancel(refused.code)
                wallet.release_order(order.id, order.reserved)
                touched = [wallet]
            return Decision([*touched, order], self.orders.reply(order))

        return self.orders.runner.run(decide, ctx, idem)

    def placed(self, user_id: UUID, spec: OrderSpec, wallet: Wallet, market: MarketPrice, leverage: int) -> Decision:
        """A TWAP/VWAP order: cut, checked slice by slice, holding each slice's margin + fee until it fills."""
        if spec.duration_seconds is None or spec.slices is None or spec.expires_at is not None:
            raise InvalidOrder("a twap or vwap order takes duration_seconds and slices (and no expires_at)")
        every = slicing.interval_ms(spec.duration_seconds, spec.slices)
        weights = None
        if spec.type is OrderType.VWAP and self.orders.volumes is not None:
            times = slicing.due_times(clock.now(), spec.slices, every)
            weights = slicing.volume_weights(times, self.orders.volumes(spec.symbol, clock.now()))
        settings = self.orders.instruments.settings(spec.symbol)
        slices = slicing.cut(spec.quantity, weights or [Decimal(1)] * spec.slices, settings.quantity_step)
        minimum = self.orders.instruments.min_notional(spec.symbol)
        slicing.check_slices(slices, settings.quantity_step, market.price, minimum)
        order = Order.place_algorithm(
            user_id,
            spec.type,
            spec.symbol,
            spec.side,
            spec.quantity,
            leverage,
            market_price=market.price,
            slices=slices,
            interval_ms=every,
            weighted_by="volume" if weights else "time",
            position_id=spec.position_id,
            stop_loss=spec.exits.stop_loss,
            take_profit=spec.exits.take_profit,
            trailing_stop_pct=spec.exits.trailing_stop_pct,
            time_in_force=spec.time_in_force,
            limit_price=spec.limit_price,
            stop_price=spec.stop_price,
        )
        target = self.orders.loaded_target(order)
        self.orders.check_stop(order, target, market.price)
        risk.check_entry(self.orders.runner.store, wallet, money.notional(spec.quantity, market.price))
        wallet.reserve_for_order(order.id, order.reserved)
        return Decision([wallet, order], self.orders.reply(order), status=201)

    def _fill_slice(
        self, order: Order, index: int, quantity: Decimal, wallet: Wallet, price: Decimal
    ) -> list[Aggregate]:
        """Release the slice's hold, open (first slice) or grow the order's position, pay margin and fee."""
        assert order.plan is not None
        wallet.release_order(order.id, order.hold_of(index))
        target = self.orders.loaded_target(order)
        if target is None:
            position = Position.open(
                order.owner_id, order.symbol, order.side, quantity, order.leverage, price, min_notional=Decimal(0)
            )
            fee, margin = position.fee, position.margin
        else:
            position = target
            fee, margin = position.increase(order.id, quantity, price, min_notional=Decimal(0))
        if not order.plan.filled:  # the order's exits go on its position with its first slice
            self.orders.set_order_exits(order, position, price)
        wallet.reserve_margin(position.id, margin, fee)
        order.fill_slice(index, price, position.id, fee, margin)
        return [wallet, position]
