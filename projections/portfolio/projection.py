"""The portfolio projection: each trading event becomes one call on the PortfolioView."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.portfolio.view import PortfolioView
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles

_OPENED_FIELDS = (
    "owner_id",
    "symbol",
    "side",
    "quantity",
    "leverage",
    "entry_price",
    "notional",
    "fee",
    "margin",
    "liquidation_price",
)
_CLOSED_FIELDS = ("exit_price", "gross_pnl", "fee", "net_pnl", "uncovered_loss")
_INCREASED_FIELDS = ("total_quantity", "entry_price", "margin", "fee", "liquidation_price")
_PARTIAL_FIELDS = ("remaining_quantity", "remaining_margin", "open_fee", "liquidation_price", "net_pnl")


class PortfolioProjection(Projection):
    """Cash, reserved margin, open positions, prices and realized P&L per user."""

    name: ClassVar[str] = "portfolio"
    version: ClassVar[int] = 2  # 2: partial closes, margin added, orders (held cash, positions increased)
    tables: ClassVar[tuple[str, ...]] = PortfolioView.TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: never skip an event
    pipelined: ClassVar[bool] = True  # handlers never read rowcount nor fetch

    def __init__(self, view: PortfolioView | None = None) -> None:
        self.view = view or PortfolioView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Opened, e.event)
        self.view.open_wallet(
            cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, user_id=ev.owner_id, currency=ev.currency
        )

    @handles(Wallet.Deposited)
    def _deposited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Deposited, e.event)
        self.view.deposit(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, amount=ev.amount)

    @handles(Wallet.Withdrawn)
    def _withdrawn(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Withdrawn, e.event)
        self.view.withdraw(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, amount=ev.amount)

    @handles(Wallet.MarginReserved)
    def _margin_reserved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginReserved, e.event)
        self.view.reserve_margin(
            cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, margin=ev.margin, fee=ev.fee
        )

    @handles(Wallet.MarginReleased)
    def _margin_released(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginReleased, e.event)
        self.view.release_margin(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            wallet_id=e.originator_id,
            margin=ev.margin,
            gross_pnl=ev.gross_pnl,
            fee=ev.fee,
        )

    @handles(Wallet.MarginForfeited)
    def _margin_forfeited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginForfeited, e.event)
        self.view.forfeit_margin(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, margin=ev.margin)

    @handles(Wallet.NftBought, Wallet.NftSold, Wallet.SubscriptionPaid)
    def _cash_moved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.move_cash(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, delta=_cash_delta(e))

    @handles(Position.Opened)
    def _position_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _OPENED_FIELDS}
        fields["user_id"] = fields.pop("owner_id")
        self.view.open_position(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id, fields=fields)

    # Same fields as Closed: a liquidated position reads as closed, with no closing fee.
    @handles(Position.Closed, Position.Liquidated)
    def _position_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _CLOSED_FIELDS}
        self.view.close_position(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id, fields=fields)

    @handles(Position.PartiallyClosed)
    def _partially_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _PARTIAL_FIELDS}
        self.view.partially_close(cur, t, pos=e.position, position_id=e.originator_id, fields=fields)

    @handles(Position.MarginAdded)
    def _margin_added(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.MarginAdded, e.event)
        self.view.add_margin(
            cur,
            t,
            pos=e.position,
            position_id=e.originator_id,
            margin=ev.margin,
            liquidation_price=ev.liquidation_price,
        )

    @handles(Position.Increased)
    def _increased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _INCREASED_FIELDS}
        self.view.increase(cur, t, pos=e.position, position_id=e.originator_id, fields=fields)

    @handles(Wallet.OrderReserved, Wallet.OrderReleased)
    def _held(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        amount = cast(Wallet.OrderReserved, e.event).amount
        delta = amount if e.topic == Wallet.OrderReserved.TOPIC else -amount
        self.view.hold(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, delta=delta)

    @handles(MarketPrice.Listed)
    def _listed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(MarketPrice.Listed, e.event)
        self.view.list_price(
            cur, t, pos=e.position, at=e.timestamp, price_id=e.originator_id, symbol=ev.symbol, price=ev.price
        )

    @handles(MarketPrice.Ticked)
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
