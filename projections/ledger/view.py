"""The ledger's tables: the postings, each account's balance, and which user owns which wallet.

Writes are idempotent: entries are keyed by (log position, entry), and balances
grow only by the entries actually inserted (a data-modifying CTE), so applying
an event twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql

from projections.ledger.postings import Transfer, entries
from projections.runtime.base import Tables

WALLETS, ENTRIES, BALANCES = "ledger_wallets", "ledger_entries", "ledger_balances"
TABLES = (WALLETS, ENTRIES, BALANCES)

_DDL = (
    "CREATE TABLE IF NOT EXISTS {ledger_wallets} (wallet_id uuid PRIMARY KEY, user_id uuid NOT NULL)",
    """CREATE TABLE IF NOT EXISTS {ledger_entries} (
        log_position bigint NOT NULL,
        entry smallint NOT NULL,
        posting smallint NOT NULL,
        account text NOT NULL,
        amount numeric NOT NULL,
        kind text NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (log_position, entry))""",
    "CREATE INDEX IF NOT EXISTS {entries_account_idx} ON {ledger_entries} (account, log_position)",
    """CREATE TABLE IF NOT EXISTS {ledger_balances} (
        account text PRIMARY KEY,
        balance numeric NOT NULL,
        last_event_position bigint NOT NULL)""",
)
_MAP_WALLET = "INSERT INTO {ledger_wallets} VALUES (%s, %s) ON CONFLICT (wallet_id) DO NOTHING"
_OWNER = "SELECT user_id FROM {ledger_wallets} WHERE wallet_id = %s"
_POST = """WITH inserted AS (
    INSERT INTO {ledger_entries} (log_position, entry, posting, account, amount, kind, occurred_at)
    SELECT %(pos)s, e.entry, e.posting, e.account, e.amount, e.kind, %(at)s
    FROM unnest(%(postings)s::smallint[], %(accounts)s::text[], %(amounts)s::numeric[], %(kinds)s::text[])
        WITH ORDINALITY AS e(posting, account, amount, kind, entry)
    ON CONFLICT (log_position, entry) DO NOTHING RETURNING account, amount)
INSERT INTO {ledger_balances} AS b (account, balance, last_event_position)
SELECT account, sum(amount), %(pos)s FROM inserted GROUP BY account
ON CONFLICT (account) DO UPDATE SET balance = b.balance + EXCLUDED.balance,
    last_event_position = EXCLUDED.last_event_position"""
# Every event's entries sum to zero, so zero unbalanced events means the running sum
# is zero at every log position (docs/read-models.md, "the ledger").
_CHECK = """SELECT count(*) FILTER (WHERE total <> 0), COALESCE(sum(total), 0)
FROM (SELECT sum(amount) AS total FROM {ledger_entries} GROUP BY log_position) AS per_event"""


class LedgerView:
    """Owns the ledger tables: their DDL, the postings, the balance reads."""

    def _sql(self, template: str, tables: Tables) -> sql.Composed:
        names: dict[str, sql.Composable] = {name: tables[name] for name in TABLES}
        names["entries_account_idx"] = sql.Identifier(tables.physical(ENTRIES) + "_account_idx")
        return sql.SQL(template).format(**names)

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [self._sql(text, tables) for text in _DDL]

    def map_wallet(self, cur: Cursor[Any], tables: Tables, wallet_id: UUID, user_id: UUID) -> None:
        cur.execute(self._sql(_MAP_WALLET, tables), (wallet_id, user_id))

    def owner(self, cur: Cursor[Any], tables: Tables, wallet_id: UUID) -> UUID:
        """The user of ``wallet_id``; its Wallet.Opened always precedes its other events."""
        row = cur.execute(self._sql(_OWNER, tables), (wallet_id,)).fetchone()
        if row is None:
            raise ValueError(f"ledger: unknown wallet {wallet_id}")
        return UUID(str(row[0]))

    def post(self, cur: Cursor[Any], tables: Tables, pos: int, at: datetime, transfers: list[Transfer]) -> None:
        """Insert the event's entries (two per transfer) and add them to the balances."""
        rows = entries(transfers)
        if not rows:
            return
        postings, accounts, amounts, kinds = (list(column) for column in zip(*rows, strict=True))
        params = {"pos": pos, "at": at, "postings": postings, "accounts": accounts, "amounts": amounts, "kinds": kinds}
        cur.execute(self._sql(_POST, tables), params)

    def balances(self, conn: Connection[Any], tables: Tables) -> dict[str, Decimal]:
        rows = conn.execute(self._sql("SELECT account, balance FROM {ledger_balances}", tables)).fetchall()
        return {str(account): Decimal(balance) for account, balance in rows}

    def check(self, conn: Connection[Any], tables: Tables) -> tuple[int, Decimal]:
        """(events whose entries do not sum to zero, sum of every entry): (0, 0) when balanced."""
        row = conn.execute(self._sql(_CHECK, tables)).fetchone()
        assert row is not None
        return int(row[0]), Decimal(row[1])
