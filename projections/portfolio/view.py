"""The portfolio view: the read the query API makes (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot (one REPEATABLE
READ transaction with the tracking position).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import tuple_row

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
