"""The portfolio projection: each trading event becomes one statement of ``statements.SQL``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.portfolio.statements import SQL, TABLES
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
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison: ClassVar[PoisonPolicy] = "halt"  # money: never skip an event
    pipelined: ClassVar[bool] = True  # handlers never read rowcount nor fetch

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    # One statement per event, idempotent for a repeated event (statements.py).

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Opened, e.event)
        cur.execute(SQL.render(t).open_wallet, {**_wallet(e), "user_id": ev.owner_id, "currency": ev.currency})

    @handles(Wallet.Deposited)
    def _deposited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).deposit, {**_wallet(e), "amount": cast(Wallet.Deposited, e.event).amount})

    @handles(Wallet.Withdrawn)
    def _withdrawn(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).withdraw, {**_wallet(e), "amount": cast(Wallet.Withdrawn, e.event).amount})

    @handles(Wallet.MarginReserved)
    def _margin_reserved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginReserved, e.event)
        cur.execute(SQL.render(t).reserve, {**_wallet(e), "margin": ev.margin, "fee": ev.fee})

    @handles(Wallet.MarginReleased)
    def _margin_released(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.MarginReleased, e.event)
        params = {**_wallet(e), "margin": ev.margin, "gross_pnl": ev.gross_pnl, "fee": ev.fee}
        cur.execute(SQL.render(t).release, params)

    @handles(Wallet.MarginForfeited)
    def _margin_forfeited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """A liquidation: the reserved margin is lost, cash is untouched."""
        cur.execute(SQL.render(t).forfeit, {**_wallet(e), "margin": cast(Wallet.MarginForfeited, e.event).margin})

    @handles(Wallet.NftBought, Wallet.NftSold, Wallet.SubscriptionPaid)
    def _cash_moved(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).move_cash, {**_wallet(e), "delta": _cash_delta(e)})

    @handles(Position.Opened)
    def _position_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _OPENED_FIELDS}
        fields["user_id"] = fields.pop("owner_id")
        cur.execute(SQL.render(t).open_position, {**fields, **_position(e), "at": e.timestamp})

    # Same fields as Closed: a liquidated position reads as closed, with no closing fee.
    @handles(Position.Closed, Position.Liquidated)
    def _position_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Close a position and add its net P&L to its owner's realized P&L."""
        fields = {name: getattr(e.event, name) for name in _CLOSED_FIELDS}
        cur.execute(SQL.render(t).close_position, {**fields, **_position(e), "at": e.timestamp})

    @handles(Position.PartiallyClosed)
    def _partially_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Shrink a position to what stays open and add the closed part's net P&L to realized P&L."""
        fields = {name: getattr(e.event, name) for name in _PARTIAL_FIELDS}
        cur.execute(SQL.render(t).partial_close, {**fields, **_position(e)})

    @handles(Position.MarginAdded)
    def _margin_added(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.MarginAdded, e.event)
        params = {**_position(e), "margin": ev.margin, "liquidation_price": ev.liquidation_price}
        cur.execute(SQL.render(t).add_margin, params)

    @handles(Position.Increased)
    def _increased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        fields = {name: getattr(e.event, name) for name in _INCREASED_FIELDS}
        cur.execute(SQL.render(t).increase, {**fields, **_position(e)})

    @handles(Wallet.OrderReserved, Wallet.OrderReleased)
    def _held(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Cash held by a resting order (+) or released back to cash (−)."""
        amount = cast(Wallet.OrderReserved, e.event).amount
        delta = amount if e.topic == Wallet.OrderReserved.TOPIC else -amount
        cur.execute(SQL.render(t).hold, {**_wallet(e), "delta": delta})

    @handles(MarketPrice.Listed)
    def _listed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(MarketPrice.Listed, e.event)
        params = {**_price(e), "symbol": ev.symbol, "price": ev.price}
        cur.execute(SQL.render(t).list_price, params)

    @handles(MarketPrice.Ticked)
    def _ticked(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).tick_price, {**_price(e), "price": cast(MarketPrice.Ticked, e.event).price})


def _wallet(e: LoggedEvent) -> dict[str, Any]:
    """The parameters every wallet statement takes."""
    return {"pos": e.position, "at": e.timestamp, "wallet_id": e.originator_id}


def _position(e: LoggedEvent) -> dict[str, Any]:
    return {"pos": e.position, "position_id": e.originator_id}


def _price(e: LoggedEvent) -> dict[str, Any]:
    return {"pos": e.position, "at": e.timestamp, "price_id": e.originator_id}


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
