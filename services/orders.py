"""Order commands: place (market, limit, stop), cancel, and the fill a price tick triggers.

One fill path for all three: the reservation goes back to cash, the position opens (or grows) at the fill
price paying its real margin and fee, the order's exits are set on it, and the order records the fill, all in
one transaction. A fill that a rule refuses (cash no longer covers it, the position it adds to was closed…)
cancels the order instead, releasing its reservation, so a triggered order never stays open by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from aggregates import clock, money
from aggregates.errors import DomainError, NotFound, PriceBandExceeded, PriceUnavailable
from aggregates.market.rules import check_entry
from aggregates.money import Side
from aggregates.trading.market_price import MarketPrice, moves_beyond
from aggregates.trading.order import Order, OrderNotOpen, OrderNotReached, OrderType, TimeInForce
from aggregates.trading.position import Position, StopBeyondLiquidation
from aggregates.trading.wallet import Wallet
from event_store.metadata import CommandContext
from services import risk
from services.algorithms import AlgorithmOrders
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.instruments import InstrumentRules
from services.loading import get_as
from services.price_band import max_move_pct
from services.revenue import wallet_of
from services.trading import Exits, market_of
from services.volume_profile import VolumeProfile


class PositionMismatch(DomainError):
    """An order adding to a position of another symbol or side, or to a closed one."""

    code = "position_mismatch"


@dataclass(frozen=True)
class OrderSpec:
    """What ``POST /v1/orders`` asks for."""

    type: OrderType
    symbol: str
    side: Side
    quantity: Decimal
    leverage: int = 1
    limit_price: Decimal | None = None
    stop_price: Decimal | None = None
    position_id: UUID | None = None
    exits: Exits = Exits()
    time_in_force: TimeInForce = TimeInForce.GTC
    expires_at: datetime | None = None
    duration_seconds: int | None = None  # twap / vwap
    slices: int | None = None  # twap / vwap


class OrderService:
    """Places, cancels and fills orders.

    ``volumes``: the symbol's volume per UTC hour of day for VWAP weights (services/volume_profile.py); without
    it a VWAP order is weighted as a TWAP."""

    def __init__(
        self, runner: CommandRunner, instruments: InstrumentRules | None = None, volumes: VolumeProfile | None = None
    ) -> None:
        self.runner = runner
        self.repository = runner.store.repository
        # Rules read each symbol's Instrument from this store (defaults for unconfigured symbols).
        self.instruments = replace(instruments or InstrumentRules(), repository=self.repository)
        self.volumes = volumes

    def place(
        self, user_id: UUID, spec: OrderSpec, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Place an order: a market order fills now; a limit or stop order reserves margin + fee at its price and
        fills now if the latest price already reaches it, else rests (``gtc``) or is cancelled (``ioc``)."""

        def decide() -> Decision:
            market = market_of(self.repository, spec.symbol)
            if market is None:
                raise PriceUnavailable(f"no price recorded yet for {spec.symbol}")
            target = self._target(user_id, spec) if spec.position_id is not None else None
            leverage = target.leverage if target is not None else spec.leverage
            # An entry order, like an open: refused on a halted or stale market, off the quantity grid
            # or above the symbol's leverage (closes and exits never consult the instrument).
            check_entry(
                self.instruments.settings(spec.symbol), spec.quantity, leverage, market.modified_on, clock.now()
            )
            wallet = wallet_of(self.repository, user_id)
            if spec.type.is_algorithm:
                return AlgorithmOrders(self).placed(user_id, spec, wallet, market, leverage)
            order = Order.place(
                user_id,
                spec.type,
                spec.symbol,
                spec.side,
                spec.quantity,
                leverage,
                market_price=market.price,
                limit_price=spec.limit_price,
                stop_price=spec.stop_price,
                position_id=spec.position_id,
                stop_loss=spec.exits.stop_loss,
                take_profit=spec.exits.take_profit,
                trailing_stop_pct=spec.exits.trailing_stop_pct,
                time_in_force=spec.time_in_force,
                expires_at=spec.expires_at,
                min_notional=self.instruments.min_notional(spec.symbol),
            )
            self._check_band(order, market)
            check_stop(order, target, order.trigger_price)
            risk.check_entry(
                self.runner.store, wallet, money.notional(order.quantity, order.trigger_price or market.price)
            )
            if order.reserved > 0:
                wallet.reserve_for_order(order.id, order.reserved)
            touched: list[Aggregate] = [wallet]
            if order.accepts(market.price):
                touched = self._fill(order, wallet, target, market.price)
            elif order.time_in_force is TimeInForce.IOC:
                order.cancel("ioc")
                wallet.release_order(order.id, order.reserved)
            return Decision([*touched, order], order_body(order), status=201)

        return self.runner.run(decide, ctx, idem)

    def cancel(
        self, user_id: UUID, order_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Cancel the user's own open order, releasing its reservation (409 ``order_not_open`` otherwise)."""

        def decide() -> Decision:
            # The wallet before the order: a fill commits both at once, so an order read after the wallet is never
            # older than it (an open order next to a wallet that already released its reservation).
            wallet = wallet_of(self.repository, user_id)
            order = self._owned(user_id, order_id)
            order.cancel("owner")
            if order.reserved > 0:
                wallet.release_order(order.id, order.reserved)
            return Decision([wallet, order], order_body(order))

        return self.runner.run(decide, ctx, idem)

    def fill_triggered(
        self, order_id: UUID, price: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Fill an open order at a tick's ``price`` (the trigger policy's command).

        OrderNotOpen when it was filled or cancelled first, OrderNotReached when ``price`` does not fill it;
        a fill a rule refuses cancels the order with that rule as its reason."""

        def decide() -> Decision:
            owner = get_as(self.repository, order_id, Order, "order").owner_id
            wallet = wallet_of(self.repository, owner)
            order = get_as(self.repository, order_id, Order, "order")  # read after the wallet (see cancel)
            if order.status.value != "open":
                raise OrderNotOpen(f"order is {order.status.value}")
            if not order.accepts(price):
                raise OrderNotReached(f"order does not fill at {price}")
            try:
                target = self.loaded_target(order)
                touched = self._fill(order, wallet, target, price)
            except DomainError as refused:
                # Loads are copies: start again from the stored order and wallet, and cancel.
                order = get_as(self.repository, order_id, Order, "order")
                wallet = wallet_of(self.repository, order.owner_id)
                order.cancel(refused.code)
                if order.reserved > 0:
                    wallet.release_order(order.id, order.reserved)
                touched = [wallet]
            return Decision([*touched, order], order_body(order))

        return self.runner.run(decide, ctx, idem)

    def expire(self, order_id: UUID, ctx: CommandContext, idem: Idempotency | None = None) -> CommandResult:
        """Cancel a gtd order past its ``expires_at`` (the trigger policy's command, clocked by the tick),
        releasing its reservation; OrderNotOpen when it ended first, OrderNotExpired before its time."""

        def decide() -> Decision:
            owner = get_as(self.repository, order_id, Order, "order").owner_id
            wallet = wallet_of(self.repository, owner)
            order = get_as(self.repository, order_id, Order, "order")  # read after the wallet (see cancel)
            order.expire()
            if order.reserved > 0:
                wallet.release_order(order.id, order.reserved)
            return Decision([wallet, order], order_body(order))

        return self.runner.run(decide, ctx, idem)

    def _fill(self, order: Order, wallet: Wallet, target: Position | None, price: Decimal) -> list[Aggregate]:
        """Release the reservation, open or grow the position at ``price``, set the order's exits, record the fill
        (the caller saves the order last: the command's position is its Filled event)."""
        if order.reserved > 0:
            wallet.release_order(order.id, order.reserved)
        # The minimum notional is an entry rule checked at placement: a limit filling at a better price than its
        # own (a smaller notional) must still fill.
        min_notional = Decimal(0)
        if target is None:
            position = Position.open(
                order.owner_id,
                order.symbol,
                order.side,
                order.quantity,
                order.leverage,
                price,
                min_notional=min_notional,
            )
            fee, margin = position.fee, position.margin
        else:
            position = target
            fee, margin = position.increase(order.id, order.quantity, price, min_notional=min_notional)
        wallet.reserve_margin(position.id, margin, fee)
        self.set_order_exits(order, position, price)
        order.fill(price, position.id, fee, margin)
        return [wallet, position]

    @staticmethod
    def set_order_exits(order: Order, position: Position, price: Decimal) -> None:
        """The exits the order names, set on the position it filled into (the others kept)."""
        given = Exits(
            order.stop_loss,
            order.take_profit,
            order.trailing_stop_pct,
            frozenset(
                name for name in ("stop_loss", "take_profit", "trailing_stop_pct") if getattr(order, name) is not None
            ),
        )
        if given.given:
            exits = given.over(position)
            position.set_exits(
                exits.stop_loss,
                exits.take_profit,
                exits.trailing_stop_pct,
                price,
                keep_trailing="trailing_stop_pct" not in given.given,
            )

    @staticmethod
    def check_stop(order: Order, target: Position | None, price: Decimal | None) -> None:
        """The stop-beyond-liquidation rule at placement (``check_stop``), for the algorithm orders."""
        check_stop(order, target, price)

    @staticmethod
    def reply(order: Order) -> dict[str, Any]:
        """The answer of an order command."""
        return order_body(order)

    def _target(self, user_id: UUID, spec: OrderSpec) -> Position:
        assert spec.position_id is not None
        position = get_as(self.repository, spec.position_id, Position, "position")
        if position.owner_id != user_id:
            raise NotFound(f"position {spec.position_id} not found")
        if not position.is_open or position.symbol != spec.symbol or position.side is not spec.side:
            raise PositionMismatch("an order adds only to an open position of the same symbol and side")
        return position

    def loaded_target(self, order: Order) -> Position | None:
        if order.position_id is None:
            return None
        position = get_as(self.repository, order.position_id, Position, "position")
        if not position.is_open:
            raise PositionMismatch("the position this order adds to was closed")
        return position

    def _owned(self, user_id: UUID, order_id: UUID) -> Order:
        order = get_as(self.repository, order_id, Order, "order")
        if order.owner_id != user_id:
            raise NotFound(f"order {order_id} not found")  # whether another's order exists is private
        return order

    def _check_band(self, order: Order, market: MarketPrice) -> None:
        # A limit or stop beyond the band could fill only after a forced tick: refused like such a tick.
        level = order.trigger_price
        band = max_move_pct(self.repository, order.symbol)
        if level is not None and moves_beyond(market.price, level, band):
            raise PriceBandExceeded(f"{order.symbol} {level} is more than {band} % from {market.price}")


def check_stop(order: Order, target: Position | None, price: Decimal | None) -> None:
    """A new position's stop must be beyond its liquidation price at ``price`` (re-checked at fill): the order's
    own for a limit or stop order, the market's for a TWAP/VWAP order (its whole quantity)."""
    if order.stop_loss is None or target is not None:
        return
    if price is None:
        return  # a market order: its fill (in this transaction) checks it against the real position
    margin = money.margin(money.notional(order.quantity, price), order.leverage)
    liquidation = money.liquidation_price(order.side, price, order.quantity, margin)
    if money.is_at_or_beyond_liquidation(order.side, order.stop_loss, liquidation):
        raise StopBeyondLiquidation(f"the stop loss is beyond the liquidation price {liquidation}")


def order_body(order: Order) -> dict[str, Any]:
    return {
        "order_id": str(order.id),
        "status": order.status.value,
        "type": order.type.value,
        "reserved": str(order.reserved),
        "fill_price": None if order.fill_price is None else str(order.fill_price),
        "position_id": None if order.position_id is None else str(order.position_id),
    }
