"""The SQL of the ledger read model: the postings, each account's balance, and which user owns which wallet.

Writes are idempotent: entries are keyed by (log position, entry), and balances
grow only by the entries actually inserted (a data-modifying CTE), so applying
an event twice changes nothing.
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

WALLETS, ENTRIES, BALANCES = "ledger_wallets", "ledger_entries", "ledger_balances"
TABLES = (WALLETS, ENTRIES, BALANCES)

DDL = (
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
MAP_WALLET = "INSERT INTO {ledger_wallets} VALUES (%s, %s) ON CONFLICT (wallet_id) DO NOTHING"
OWNER = "SELECT user_id FROM {ledger_wallets} WHERE wallet_id = %s"
POST = """WITH inserted AS (
    INSERT INTO {ledger_entries} (log_position, entry, posting, account, amount, kind, occurred_at)
    SELECT %(pos)s, e.entry, e.posting, e.account, e.amount, e.kind, %(at)s
    FROM unnest(%(postings)s::smallint[], %(accounts)s::text[], %(amounts)s::numeric[], %(kinds)s::text[])
        WITH ORDINALITY AS e(posting, account, amount, kind, entry)
    ON CONFLICT (log_position, entry) DO NOTHING RETURNING account, amount)
INSERT INTO {ledger_balances} AS b (account, balance, last_event_position)
SELECT account, sum(amount), %(pos)s FROM inserted GROUP BY account
ON CONFLICT (account) DO UPDATE SET balance = b.balance + EXCLUDED.balance,
    last_event_position = EXCLUDED.last_event_position"""
BALANCES_READ = "SELECT account, balance FROM {ledger_balances}"
# Every event's entries sum to zero, so zero unbalanced events means the running sum
# is zero at every log position (docs/read-models.md, "the ledger").
CHECK = """SELECT count(*) FILTER (WHERE total <> 0), COALESCE(sum(total), 0)
FROM (SELECT sum(amount) AS total FROM {ledger_entries} GROUP BY log_position) AS per_event"""

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"entries_account_idx": (ENTRIES, "_account_idx")},
    statements={"map_wallet": MAP_WALLET, "owner": OWNER, "post": POST, "balances": BALANCES_READ, "check": CHECK},
)
