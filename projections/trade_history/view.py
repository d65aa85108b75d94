"""The trade history view: the query API's reads (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection

from projections.runtime.base import Tables
from projections.trade_history import statements


@dataclass(frozen=True)
class TradeRow:
    close_position: int
    position_id: UUID
    symbol: str
    side: str
    quantity: Decimal
    entry_price: Decimal
    exit_price: Decimal
    gross_pnl: Decimal
    fees: Decimal
    net_pnl: Decimal
    ended_by: str
    closed_at: datetime
    flags: list[str]


class TradeHistoryView:
    """A user's trades page by page, and how many carry each flag."""

    def page(self, conn: Connection[Any], tables: Tables, user_id: UUID, *, after: int, limit: int) -> list[TradeRow]:
        """Up to ``limit`` trades of ``user_id`` ended after log position ``after``, oldest first."""
        rows = conn.execute(
            statements.SQL.render(tables).page, {"user": user_id, "after": after, "limit": limit}
        ).fetchall()
        return [
            TradeRow(
                int(r[0]),
                r[1],
                r[2],
                r[3],
                Decimal(r[4]),
                Decimal(r[5]),
                Decimal(r[6]),
                Decimal(r[7]),
                Decimal(r[8]),
                Decimal(r[9]),
                r[10],
                r[11],
                list(r[12]),
            )
            for r in rows
        ]

    def flag_counts(self, conn: Connection[Any], tables: Tables, user_id: UUID) -> dict[str, int]:
        """How many of ``user_id``'s trades carry each flag."""
        return {
            str(flag): int(n)
            for flag, n in conn.execute(statements.SQL.render(tables).flag_counts, (user_id,)).fetchall()
        }
