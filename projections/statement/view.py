"""The statement's tables: DDL, the idempotent write of one event's lines, and the paged read.

Table ``statement_entries`` (read-model schema; docs/read-models.md "Account statement"):
one row per movement of a user's free cash — ``log_position``, ``user_id``, ``entry`` (its
order within the event), ``kind``, signed ``amount``, ``balance`` (free cash after it),
``occurred_at`` (event time). ``statement_balances`` holds each user's balance and the last
log position applied to it: an event at or below that position is a replay and changes
nothing. ``statement_wallets`` maps wallets to owners (wallet events name only the wallet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql

from projections.runtime.base import Tables
from projections.statement.movements import Movement, lines

ENTRIES, BALANCES, WALLETS = "statement_entries", "statement_balances", "statement_wallets"
TABLES = (ENTRIES, BALANCES, WALLETS)

_DDL = (
    "CREATE TABLE IF NOT EXISTS {wallets} (wallet_id uuid PRIMARY KEY, user_id uuid NOT NULL)",
    """CREATE TABLE IF NOT EXISTS {entries} (
        log_position bigint NOT NULL,
        user_id uuid NOT NULL,
        entry smallint NOT NULL,
        kind text NOT NULL,
        amount numeric NOT NULL,
        balance numeric NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, log_position, entry))""",
    "CREATE INDEX IF NOT EXISTS {time_idx} ON {entries} (user_id, occurred_at)",
    """CREATE TABLE IF NOT EXISTS {balances} (
        user_id uuid PRIMARY KEY,
        balance numeric NOT NULL,
        last_event_position bigint NOT NULL)""",
)
_MAP_WALLET = "INSERT INTO {wallets} VALUES (%s, %s) ON CONFLICT (wallet_id) DO NOTHING"
_OWNER = "SELECT user_id FROM {wallets} WHERE wallet_id = %s"
_BALANCE = "SELECT balance, last_event_position FROM {balances} WHERE user_id = %s FOR UPDATE"
_INSERT = """INSERT INTO {entries} (log_position, user_id, entry, kind, amount, balance, occurred_at)
VALUES (%s, %s, %s, %s, %s, %s, %s)"""
_SET_BALANCE = """INSERT INTO {balances} AS b (user_id, balance, last_event_position) VALUES (%s, %s, %s)
ON CONFLICT (user_id) DO UPDATE SET balance = EXCLUDED.balance, last_event_position = EXCLUDED.last_event_position"""
_PAGE = """SELECT log_position, entry, kind, amount, balance, occurred_at FROM {entries}
WHERE user_id = %(user)s AND occurred_at >= %(start)s AND occurred_at < %(end)s
  AND (log_position, entry) > (%(after_pos)s, %(after_entry)s)
ORDER BY log_position, entry LIMIT %(limit)s"""


@dataclass(frozen=True)
class StatementRow:
    log_position: int
    entry: int
    kind: str
    amount: Decimal
    balance: Decimal
    occurred_at: datetime


def _sql(template: str, tables: Tables) -> sql.Composed:
    return sql.SQL(template).format(
        entries=tables[ENTRIES],
        balances=tables[BALANCES],
        wallets=tables[WALLETS],
        time_idx=sql.Identifier(tables.physical(ENTRIES) + "_time_idx"),
    )


class StatementView:
    """Owns the statement tables: writes from the projection, the reads of the query API."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in _DDL]

    def map_wallet(self, cur: Cursor[Any], tables: Tables, wallet_id: UUID, user_id: UUID) -> None:
        cur.execute(_sql(_MAP_WALLET, tables), (wallet_id, user_id))

    def owner(self, cur: Cursor[Any], tables: Tables, wallet_id: UUID) -> UUID:
        row = cur.execute(_sql(_OWNER, tables), (wallet_id,)).fetchone()
        if row is None:  # a wallet's Opened always precedes its other events: a gap is a bug
            raise ValueError(f"statement: unknown wallet {wallet_id}")
        return UUID(str(row[0]))

    def record(self, cur: Cursor[Any], tables: Tables, pos: int, at: datetime, moved: list[Movement]) -> None:
        """Append each user's lines of the event at ``pos`` with their running balance, once."""
        for user in dict.fromkeys(m.user_id for m in moved):
            row = cur.execute(_sql(_BALANCE, tables), (user,)).fetchone()
            balance, last = (Decimal(row[0]), int(row[1])) if row else (Decimal("0.00"), 0)
            if last >= pos:
                continue  # a replay of an event already applied to this user
            found = lines(balance, [(m.kind, m.amount) for m in moved if m.user_id == user])
            cur.executemany(
                _sql(_INSERT, tables),
                [
                    (pos, user, number, line.kind, line.amount, line.balance, at)
                    for number, line in enumerate(found, start=1)
                ],
            )
            cur.execute(_sql(_SET_BALANCE, tables), (user, found[-1].balance, pos))

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
            for r in conn.execute(_sql(_PAGE, tables), params).fetchall()
        ]
