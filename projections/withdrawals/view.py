"""The withdrawals tables: DDL, one idempotent statement per event, and the read of one withdrawal.

Table ``withdrawals`` (read-model schema; docs/read-models.md):

| column | meaning |
|---|---|
| withdrawal_id | ``aggregates.financial.settlement.withdrawal_id`` (the wallet's ``Withdrawn`` event) |
| user_id, amount, currency | who withdrew how much (cents, USD) |
| starknet_address | the recipient of an on-chain settlement, else NULL (paid out at once) |
| settlement_id | the ``onchain.Settlement`` paying it, else NULL |
| status | ``requested``, ``submitted``, ``settled``, ``failed`` |
| tx_hash, reason | the settlement's transaction once submitted; why it failed |
| requested_at, updated_at, last_event_position | event time and log position of the first / latest change |

``withdrawal_wallets`` maps each wallet to its owner (``Withdrawn`` names only the wallet).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql
from psycopg.rows import dict_row

from projections.runtime.base import Tables

WITHDRAWALS, WALLETS = "withdrawals", "withdrawal_wallets"
TABLES = (WITHDRAWALS, WALLETS)
REQUESTED, SUBMITTED, SETTLED, FAILED = "requested", "submitted", "settled", "failed"

_DDL = (
    "CREATE TABLE IF NOT EXISTS {wallets} (wallet_id uuid PRIMARY KEY, user_id uuid NOT NULL)",
    """CREATE TABLE IF NOT EXISTS {withdrawals} (
        withdrawal_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        amount numeric NOT NULL,
        currency text NOT NULL,
        starknet_address text,
        settlement_id uuid UNIQUE,
        status text NOT NULL CHECK (status IN ('requested', 'submitted', 'settled', 'failed')),
        tx_hash text,
        reason text,
        requested_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {user_idx} ON {withdrawals} (user_id, requested_at)",
)
_MAP_WALLET = "INSERT INTO {wallets} (wallet_id, user_id) VALUES (%s, %s) ON CONFLICT (wallet_id) DO NOTHING"
_OWNER = "SELECT user_id FROM {wallets} WHERE wallet_id = %s"
_WITHDRAWN = """INSERT INTO {withdrawals} (withdrawal_id, user_id, amount, currency, starknet_address, settlement_id,
    status, requested_at, updated_at, last_event_position)
VALUES (%(withdrawal_id)s, %(user_id)s, %(amount)s, %(currency)s, %(address)s, %(settlement_id)s, %(status)s,
    %(at)s, %(at)s, %(pos)s)
ON CONFLICT (withdrawal_id) DO NOTHING"""
_SETTLEMENT_STEP = """UPDATE {withdrawals} SET status = %(status)s, tx_hash = COALESCE(%(tx_hash)s, tx_hash),
    reason = %(reason)s, updated_at = %(at)s, last_event_position = %(pos)s
WHERE settlement_id = %(settlement_id)s AND last_event_position < %(pos)s"""
_ONE = """SELECT withdrawal_id, user_id, amount, currency, starknet_address, status, tx_hash, reason, requested_at,
    updated_at FROM {withdrawals} WHERE withdrawal_id = %s"""


def _sql(template: str, tables: Tables) -> sql.Composed:
    return sql.SQL(template).format(
        withdrawals=tables[WITHDRAWALS],
        wallets=tables[WALLETS],
        user_idx=sql.Identifier(tables.physical(WITHDRAWALS) + "_user_idx"),
    )


class WithdrawalsView:
    """Owns ``withdrawals`` and ``withdrawal_wallets``: writes from the projection, the read of the query API."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in _DDL]

    def map_wallet(self, cur: Cursor[Any], tables: Tables, wallet_id: UUID, user_id: UUID) -> None:
        cur.execute(_sql(_MAP_WALLET, tables), (wallet_id, user_id))

    def withdrawn(
        self,
        cur: Cursor[Any],
        tables: Tables,
        *,
        pos: int,
        at: datetime,
        wallet_id: UUID,
        withdrawal_id: UUID,
        amount: Decimal,
        currency: str,
        address: str | None,
        settlement_id: UUID | None,
    ) -> None:
        """A new withdrawal: ``settled`` at once without an address, else ``requested`` until settled on-chain."""
        row = cur.execute(_sql(_OWNER, tables), (wallet_id,)).fetchone()
        if row is None:  # a wallet's Opened always precedes its Withdrawn: a gap is a bug, never a lost row
            raise ValueError(f"withdrawals: unknown wallet {wallet_id}")
        params = {
            "withdrawal_id": withdrawal_id,
            "user_id": row[0],
            "amount": amount,
            "currency": currency,
            "address": address,
            "settlement_id": settlement_id,
            "at": at,
            "pos": pos,
            "status": SETTLED if address is None else REQUESTED,
        }
        cur.execute(_sql(_WITHDRAWN, tables), params)

    def settlement_step(
        self,
        cur: Cursor[Any],
        tables: Tables,
        *,
        pos: int,
        at: datetime,
        settlement_id: UUID,
        status: str,
        tx_hash: str | None = None,
        reason: str | None = None,
    ) -> None:
        """The on-chain settlement of a withdrawal moved to ``status``."""
        params = {
            "settlement_id": settlement_id,
            "status": status,
            "tx_hash": tx_hash,
            "reason": reason,
            "at": at,
            "pos": pos,
        }
        cur.execute(_sql(_SETTLEMENT_STEP, tables), params)

    def withdrawal(self, conn: Connection[Any], tables: Tables, withdrawal_id: UUID) -> dict[str, Any] | None:
        """One withdrawal's row, or None."""
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(_sql(_ONE, tables), (withdrawal_id,)).fetchone()
