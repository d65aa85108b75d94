"""The withdrawals view: the query API's read of one withdrawal (the projection runs the writes)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import dict_row

from projections.runtime.base import Tables
from projections.withdrawals import statements


class WithdrawalsView:
    """One withdrawal's row."""

    def withdrawal(self, conn: Connection[Any], tables: Tables, withdrawal_id: UUID) -> dict[str, Any] | None:
        """One withdrawal's row, or None."""
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(statements.SQL.render(tables).one, (withdrawal_id,)).fetchone()
