"""The statement view: the query API's paged read of a user's lines (the projection runs the writes).

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
from projections.statement import statements


@dataclass(frozen=True)
class StatementRow:
    log_position: int
    entry: int
    kind: str
    amount: Decimal
    balance: Decimal
    occurred_at: datetime


class StatementView:
    """A user's statement lines, page by page."""

    TABLES = statements.TABLES

    def page(
        self,
        conn: Connection[Any],
        tables: Tables,
        user_id: UUID,
        *,
        start: datetime,
        end: datetime,
        after: tuple[int, int],
        limit: int,
    ) -> list[StatementRow]:
        """Up to ``limit`` lines of ``user_id`` in ``[start, end)`` after the (position, entry) ``after``."""
        params = {
            "user": user_id,
            "start": start,
            "end": end,
            "after_pos": after[0],
            "after_entry": after[1],
            "limit": limit,
        }
        return [
            StatementRow(int(r[0]), int(r[1]), str(r[2]), Decimal(r[3]), Decimal(r[4]), r[5])
            for r in conn.execute(statements.SQL.render(tables).page, params).fetchall()
        ]
