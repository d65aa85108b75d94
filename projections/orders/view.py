"""The orders view: the query API's reads of orders with their slices (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import dict_row

from projections.orders import statements
from projections.runtime.base import Tables


class OrdersView:
    """One order, or a user's, each with its filled slices."""

    def order(self, conn: Connection[Any], tables: Tables, order_id: UUID) -> dict[str, Any] | None:
        with conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(statements.SQL.render(tables).one, (order_id,)).fetchone()
        return None if row is None else self._with_slices(conn, tables, [row])[0]

    def orders_of(
        self, conn: Connection[Any], tables: Tables, user_id: UUID, status: str | None, limit: int
    ) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            params = {"user": user_id, "status": status, "limit": limit}
            rows = cur.execute(statements.SQL.render(tables).mine, params).fetchall()
        return self._with_slices(conn, tables, rows)

    @staticmethod
    def _with_slices(conn: Connection[Any], tables: Tables, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each row with ``slice_fills``: its filled slices in order (empty but for TWAP/VWAP orders)."""
        for row in rows:
            row["slice_fills"] = []
        algorithms = {row["order_id"]: row for row in rows if row["slices"] is not None}
        if algorithms:
            with conn.cursor(row_factory=dict_row) as cur:
                for fill in cur.execute(statements.SQL.render(tables).slices_of, (list(algorithms),)).fetchall():
                    algorithms[fill["order_id"]]["slice_fills"].append(fill)
        return rows
