"""The ledger view: the reads of the balances and of the ledger's balance check (the projection runs the writes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from psycopg import Connection

from projections.ledger import statements
from projections.runtime.base import Tables


class LedgerView:
    """Each account's balance, and whether every event's entries sum to zero."""

    TABLES = statements.TABLES

    def balances(self, conn: Connection[Any], tables: Tables) -> dict[str, Decimal]:
        rows = conn.execute(statements.SQL.render(tables).balances).fetchall()
        return {str(account): Decimal(balance) for account, balance in rows}

    def check(self, conn: Connection[Any], tables: Tables) -> tuple[int, Decimal]:
        """(events whose entries do not sum to zero, sum of every entry): (0, 0) when balanced."""
        row = conn.execute(statements.SQL.render(tables).check).fetchone()
        assert row is not None
        return int(row[0]), Decimal(row[1])
