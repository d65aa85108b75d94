"""The SQL of the withdrawals read model: DDL, one idempotent statement per event, the read of one withdrawal.

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

from projections.runtime.statements import StatementSet

WITHDRAWALS, WALLETS = "withdrawals", "withdrawal_wallets"
TABLES = (WITHDRAWALS, WALLETS)
REQUESTED, SUBMITTED, SETTLED, FAILED = "requested", "submitted", "settled", "failed"

DDL = (
    "CREATE TABLE IF NOT EXISTS {withdrawal_wallets} (wallet_id uuid PRIMARY KEY, user_id uuid NOT NULL)",
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
MAP_WALLET = "INSERT INTO {withdrawal_wallets} (wallet_id, user_id) VALUES (%s, %s) ON CONFLICT (wallet_id) DO NOTHING"
OWNER = "SELECT user_id FROM {withdrawal_wallets} WHERE wallet_id = %s"
WITHDRAWN = """INSERT INTO {withdrawals} (withdrawal_id, user_id, amount, currency, starknet_address, settlement_id,
    status, requested_at, updated_at, last_event_position)
VALUES (%(withdrawal_id)s, %(user_id)s, %(amount)s, %(currency)s, %(address)s, %(settlement_id)s, %(status)s,
    %(at)s, %(at)s, %(pos)s)
ON CONFLICT (withdrawal_id) DO NOTHING"""
SETTLEMENT_STEP = """UPDATE {withdrawals} SET status = %(status)s, tx_hash = COALESCE(%(tx_hash)s, tx_hash),
    reason = %(reason)s, updated_at = %(at)s, last_event_position = %(pos)s
WHERE settlement_id = %(settlement_id)s AND last_event_position < %(pos)s"""
ONE = """SELECT withdrawal_id, user_id, amount, currency, starknet_address, status, tx_hash, reason, requested_at,
    updated_at FROM {withdrawals} WHERE withdrawal_id = %s"""

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"user_idx": (WITHDRAWALS, "_user_idx")},
    statements={
        "map_wallet": MAP_WALLET,
        "owner": OWNER,
        "withdrawn": WITHDRAWN,
        "settlement_step": SETTLEMENT_STEP,
        "one": ONE,
    },
)
