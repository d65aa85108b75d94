"""The portfolio view: its tables, the writes the projection makes, the reads the query API makes.

Writes run inside the runtime's transaction on its cursor and never fetch, so the
runtime may pipeline them; reads run on the caller's connection, so the caller picks
the snapshot (one REPEATABLE READ transaction with the tracking position).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor
from psycopg.rows import tuple_row
from psycopg.sql import Composable

from projections.portfolio import statements
from projections.portfolio.valuation import SETTLEMENT_CURRENCY, Balance, OpenPosition, Portfolio, unrealized_pnl
from projections.runtime.base import Tables
from projections.runtime.statements import Rendered


class PortfolioView:
    """Cash, reserved margin, open positions and realized P&L of every user."""

    TABLES = statements.TABLES

    def sql(self, tables: Tables) -> Rendered:
        """The statements for ``tables`` (rendered once per set of tables)."""
        return statements.SQL.render(tables)

    def ddl(self, tables: Tables) -> list[Composable]:
        """CREATE TABLE / INDEX IF NOT EXISTS statements of the view."""
        return list(self.sql(tables).ddl)

    # Writes: one statement each, idempotent for a repeated event.

    def open_wallet(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID, user_id: UUID, currency: str
    ) -> None:
        params = {"pos": pos, "at": at, "wallet_id": wallet_id, "user_id": user_id, "currency": currency}
        cur.execute(self.sql(tables).open_wallet, params)

    def deposit(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID, amount: Decimal
    ) -> None:
        cur.execute(self.sql(tables).deposit, {"pos": pos, "at": at, "wallet_id": wallet_id, "amount": amount})

    def withdraw(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID, amount: Decimal
    ) -> None:
        cur.execute(self.sql(tables).withdraw, {"pos": pos, "at": at, "wallet_id": wallet_id, "amount": amount})

    def reserve_margin(
        self,
        cur: Cursor[Any],
        tables: Tables,
        *,
        pos: int,
        at: datetime,
        wallet_id: UUID,
        margin: Decimal,
        fee: Decimal,
    ) -> None:
        params = {"pos": pos, "at": at, "wallet_id": wallet_id, "margin": margin, "fee": fee}
        cur.execute(self.sql(tables).reserve, params)

    def release_margin(
        self,
        cur: Cursor[Any],
        tables: Tables,
        *,
        pos: int,
        at: datetime,
        wallet_id: UUID,
        margin: Decimal,
        gross_pnl: Decimal,
        fee: Decimal,
    ) -> None:
        params = {"pos": pos, "at": at, "wallet_id": wallet_id, "margin": margin, "gross_pnl": gross_pnl, "fee": fee}
        cur.execute(self.sql(tables).release, params)

    def forfeit_margin(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID, margin: Decimal
    ) -> None:
        """A liquidation: the reserved margin is lost, cash is untouched."""
        cur.execute(self.sql(tables).forfeit, {"pos": pos, "at": at, "wallet_id": wallet_id, "margin": margin})

    def move_cash(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID, delta: Decimal
    ) -> None:
        """Cash in (+) or out (−) for an NFT trade or a subscription."""
        cur.execute(self.sql(tables).move_cash, {"pos": pos, "at": at, "wallet_id": wallet_id, "delta": delta})

    def open_position(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, position_id: UUID, fields: dict[str, Any]
    ) -> None:
        """Insert an open position; ``fields`` are the Opened event's payload columns."""
        cur.execute(self.sql(tables).open_position, {**fields, "pos": pos, "at": at, "position_id": position_id})

    def close_position(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, position_id: UUID, fields: dict[str, Any]
    ) -> None:
        """Close a position and add its net P&L to its owner's realized P&L."""
        cur.execute(self.sql(tables).close_position, {**fields, "pos": pos, "at": at, "position_id": position_id})

    def hold(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, wallet_id: UUID, delta: Decimal
    ) -> None:
        """Cash held by a resting order (+) or released back to cash (−)."""
        cur.execute(self.sql(tables).hold, {"pos": pos, "at": at, "wallet_id": wallet_id, "delta": delta})

    def increase(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, position_id: UUID, fields: dict[str, Any]
    ) -> None:
        cur.execute(self.sql(tables).increase, {**fields, "pos": pos, "position_id": position_id})

    def partially_close(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, position_id: UUID, fields: dict[str, Any]
    ) -> None:
        """Shrink a position to what stays open and add the closed part's net P&L to realized P&L."""
        cur.execute(self.sql(tables).partial_close, {**fields, "pos": pos, "position_id": position_id})

    def add_margin(
        self,
        cur: Cursor[Any],
        tables: Tables,
        *,
        pos: int,
        position_id: UUID,
        margin: Decimal,
        liquidation_price: Decimal,
    ) -> None:
        params = {"pos": pos, "position_id": position_id, "margin": margin, "liquidation_price": liquidation_price}
        cur.execute(self.sql(tables).add_margin, params)

    def list_price(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, price_id: UUID, symbol: str, price: Decimal
    ) -> None:
        params = {"pos": pos, "at": at, "price_id": price_id, "symbol": symbol, "price": price}
        cur.execute(self.sql(tables).list_price, params)

    def tick_price(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, price_id: UUID, price: Decimal
    ) -> None:
        cur.execute(self.sql(tables).tick_price, {"pos": pos, "at": at, "price_id": price_id, "price": price})

    # Reads.

    def portfolio(self, conn: Connection[Any], tables: Tables, user_id: UUID) -> Portfolio | None:
        """The user's portfolio valued at the latest prices, or None for an unknown user.

        Runs in the caller's transaction on ``conn``, so the caller chooses the snapshot."""
        rendered = self.sql(tables)
        with conn.cursor(row_factory=tuple_row) as cur:
            account = cur.execute(rendered.read_account, (user_id,)).fetchone()
            balances = tuple(Balance(*row) for row in cur.execute(rendered.read_wallets, (user_id,)).fetchall())
            if account is None and not balances:
                return None
            rows = cur.execute(rendered.read_open_positions, (user_id,)).fetchall()
        realized, closed = account if account is not None else (Decimal("0.00"), 0)
        return Portfolio(user_id, SETTLEMENT_CURRENCY, balances, tuple(_valued(r) for r in rows), realized, closed)


def _valued(row: tuple[Any, ...]) -> OpenPosition:
    position_id, symbol, side, quantity, leverage, entry, margin, fee, liquidation, opened_at, mark = row
    pnl = unrealized_pnl(side, entry, mark, quantity, margin)
    return OpenPosition(
        position_id, symbol, side, quantity, leverage, entry, margin, fee, liquidation, opened_at, mark, pnl
    )
