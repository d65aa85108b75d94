"""The portfolio projection: each trading event becomes one call on the PortfolioView."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.portfolio.view import PortfolioView
from projections.runtime.base import PoisonPolicy, Projection, Tables

Handler = Callable[[Cursor[Any], Tables, LoggedEvent], None]
_OPENED_FIELDS = ("owner_id", "symbol", "side", "quantity", "leverage", "entry_price", "notional", "fee", "margin",
                  "liquidation_price")
_CLOSED_FIELDS = ("exit_price", "gross_pnl", "fee", "net_pnl", "uncovered_loss")
_INCREASED_FIELDS = ("total_quantity", "entry_price", "margin", "fee", "liquidation_price")
_PARTIAL_FIELDS = ("remaining_quantity", "remaining_margin", "open_fee", "liquidation_price", "net_pnl")


class PortfolioProjection(Projection):
    """Cash, reserved margin, open positions, prices and realized P&L per user."""

    name: ClassVar[str] = "portfolio"
    version: ClassVar[int] = 2  # 2: partial closes, margin added, orders (held cash, positions increased)
    topics: ClassVar[tuple[str, ...]] = (
        Wallet.Opened.TOPIC, Wallet.Deposited.TOPIC, Wallet.Withdrawn.TOPIC,
        Wallet.MarginReserved.TOPIC, Wallet.MarginReleased.TOPIC,
        Position.Opened.TOPIC, Position.Closed.TOPIC,
        MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC,
        Wallet.MarginForfeited.TOPIC, Wallet.NftBought.TOPIC, Wallet.NftSold.TOPIC, Wallet.SubscriptionPaid.TOPIC,
        Position.Liquidated.TOPIC, Position.PartiallyClosed.TOPIC, Position.MarginAdded.TOPIC,
        Position.Increased.TOPIC, Wallet.OrderReserved.TOPIC, Wallet.OrderReleased.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = PortfolioView.TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: never skip an event
    pipelined: ClassVar[bool] = True  # handlers never read rowcount nor fetch

    def __init__(self, view: PortfolioView | None = None) -> None:
        self.view = view or PortfolioView()
        self._handlers: dict[str, Handler] = {
            Wallet.Opened.TOPIC: self._wallet_opened,
            Wallet.Deposited.TOPIC: self._deposited,
            Wallet.Withdrawn.TOPIC: self._withdrawn,
            Wallet.MarginReserved.TOPIC: self._margin_reserved,
            Wallet.MarginReleased.TOPIC: self._margin_released,
            Position.Opened.TOPIC: self._position_opened,
            Position.Closed.TOPIC: self._position_closed,
            MarketPrice.Listed.TOPIC: self._listed,
            MarketPrice.Ticked.TOPIC: self._ticked,
            Wallet.MarginForfeited.TOPIC: self._margin_forfeited,
            Wallet.NftBought.TOPIC: self._cash_moved,
            Wallet.NftSold.TOPIC: self._cash_moved,
            Wallet.SubscriptionPaid.TOPIC: self._cash_moved,
            # Same fields as Closed: a liquidated position reads as closed, with no closing fee.
            Position.Liquidated.TOPIC: self._position_closed,
            Position.PartiallyClosed.TOPIC: self._partially_closed,
            Position.MarginAdded.TOPIC: self._margin_added,
            Position.Increased.TOPIC: self._increased,
            Wallet.OrderReserved.TOPIC: self._held,
            Wallet.OrderReleased.TOPIC: self._held,
        }

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        handler = self._handlers.get(event.topic)
        if handler is None:
            raise ValueError(f"portfolio does not handle {event.topic!r} (position {event.position})")
        handler(cursor, tables, event)

    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Opened, e.event)
        self.view.open_wallet(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, user_id=ev.owner_id,
                              currency=ev.currency)

    def _deposited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Deposited, e.event)
        self.view.deposit(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, amount=ev.amount)

    def _withdrawn(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Withdrawn, e.event)
        self.view.withdraw(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, amount=ev.amount)

    def _margin_reserved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginReserved, e.event)
        self.view.reserve_margin(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, margin=ev.margin,
                                 fee=ev.fee)

    def _margin_released(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginReleased, e.event)
        self.view.release_margin(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, margin=ev.margin,
                                 gross_pnl=ev.gross_pnl, fee=ev.fee)

    def _margin_forfeited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginForfeited, e.event)
        self.view.forfeit_margin(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, margin=ev.margin)

    def _cash_moved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.move_cash(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, delta=_cash_delta(e))

    def _position_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _OPENED_FIELDS}
        fields["user_id"] = fields.pop("owner_id")
        self.view.open_position(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id, fields=fields)

    def _position_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _CLOSED_FIELDS}
        self.view.close_position(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id, fields=fields)

    def _partially_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _PARTIAL_FIELDS}
        self.view.partially_close(cur, t, pos=e.position, position_id=e.originator_id, fields=fields)

    def _margin_added(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.MarginAdded, e.event)
        self.view.add_margin(cur, t, pos=e.position, position_id=e.originator_id, margin=ev.margin,
                             liquidation_price=ev.liquidation_price)

    def _increased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _INCREASED_FIELDS}
        self.view.increase(cur, t, pos=e.position, position_id=e.originator_id, fields=fields)

    def _held(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        amount = cast(Wallet.OrderReserved, e.event).amount
        delta = amount if e.topic == Wallet.OrderReserved.TOPIC else -amount
        self.view.hold(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, delta=delta)

    def _listed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(MarketPrice.Listed, e.event)
        self.view.list_price(cur, t, pos=e.position, at=e.timestamp, price_id=e.originator_id, symbol=ev.symbol,
                             price=ev.price)

    def _ticked(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(MarketPrice.Ticked, e.event)
        self.view.tick_price(cur, t, pos=e.position, at=e.timestamp, price_id=e.originator_id, price=ev.price)


def _cash_delta(e: LoggedEvent) -> Decimal:
    """What an NFT trade or a subscription did to the wallet's cash."""
    ev: Any = e.event
    delta: Decimal
    if e.topic == Wallet.NftBought.TOPIC:
        delta = -ev.price
    elif e.topic == Wallet.NftSold.TOPIC:
        delta = ev.price - ev.fee
    else:
        delta = -ev.amount
    return delta
