"""The SQL of the statement read model: DDL, the writes of one event's lines, and the paged read.

Table ``statement_entries`` (read-model schema; docs/read-models.md "Account statement"):
one row per movement of a user's free cash — ``log_position``, ``user_id``, ``entry`` (its
order within the event), ``kind``, signed ``amount``, ``balance`` (free cash after it),
``occurred_at`` (event time). ``statement_balances`` holds each user's balance and the last
log position applied to it: an event at or below that position is a replay and changes
nothing. ``statement_wallets`` maps wallets to owners (wallet events name only the wallet).
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

ENTRIES, BALANCES, WALLETS = "statement_entries", "statement_balances", "statement_wallets"
TABLES = (ENTRIES, BALANCES, WALLETS)

DDL = (
    "CREATE TABLE IF NOT EXISTS {statement_wallets} (wallet_id uuid PRIMARY KEY, user_id uuid NOT NULL)",
    """CREATE TABLE IF NOT EXISTS {statement_entries} (
        log_position bigint NOT NULL,
        user_id uuid NOT NULL,
        entry smallint NOT NULL,
        kind text NOT NULL,
        amount numeric NOT NULL,
        balance numeric NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, log_position, entry))""",
    "CREATE INDEX IF NOT EXISTS {time_idx} ON {statement_entries} (user_id, occurred_at)",
    """CREATE TABLE IF NOT EXISTS {statement_balances} (
        user_id uuid PRIMARY KEY,
        balance numeric NOT NULL,
        last_event_position bigint NOT NULL)""",
)
MAP_WALLET = "INSERT INTO {statement_wallets} VALUES (%s, %s) ON CONFLICT (wallet_id) DO NOTHING"
OWNER = "SELECT user_id FROM {statement_wallets} WHERE wallet_id = %s"
BALANCE = "SELECT balance, last_event_position FROM {statement_balances} WHERE user_id = %s FOR UPDATE"
INSERT = """INSERT INTO {statement_entries} (log_position, user_id, entry, kind, amount, balance, occurred_at)
VALUES (%s, %s, %s, %s, %s, %s, %s)"""
SET_BALANCE = """INSERT INTO {statement_balances} AS b (user_id, balance, last_event_position) VALUES (%s, %s, %s)
ON CONFLICT (user_id) DO UPDATE SET balance = EXCLUDED.balance, last_event_position = EXCLUDED.last_event_position"""
PAGE = """SELECT log_position, entry, kind, amount, balance, occurred_at FROM {statement_entries}
WHERE user_id = %(user)s AND occurred_at >= %(start)s AND occurred_at < %(end)s
  AND (log_position, entry) > (%(after_pos)s, %(after_entry)s)
ORDER BY log_position, entry LIMIT %(limit)s"""

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"time_idx": (ENTRIES, "_time_idx")},
    statements={
        "map_wallet": MAP_WALLET,
        "owner": OWNER,
        "balance": BALANCE,
        "insert": INSERT,
        "set_balance": SET_BALANCE,
        "page": PAGE,
    },
)
