"""The SQL of the trade history: DDL, one idempotent statement per event, and the reads.

Table ``trade_history`` (read-model schema; docs/read-models.md "Trade history"): one row per
event that ended (part of) a position, keyed by that event's log position (``close_position``)
— a position closed in parts has one row per part. Columns: ``position_id``, ``user_id``,
``symbol``, ``side``, ``quantity`` (closed by this row), ``entry_price``, ``exit_price``,
``gross_pnl``, ``fees`` (opening and closing), ``net_pnl``, ``ended_by`` (``ENDED_BY``),
``closed_at`` (event time), ``flags`` (why it earned no XP or leaderboard credit: ``FLAGS``).
``trade_history_positions`` keeps what a position's opening said (its closes do not repeat it).
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

TRADES, POSITIONS = "trade_history", "trade_history_positions"
TABLES = (TRADES, POSITIONS)
# How a row's quantity ended: a partial close, the final close by its owner or by an exit, a liquidation.
ENDED_BY = ("closed", "partial", "stop_loss", "take_profit", "trailing_stop", "liquidated")
# Why a close earned nothing: the progression policy's flags (aggregates.gamification.fairness), and `bot`.
FLAGS = ("instant_close", "below_minimum", "mirror_trade", "bot")

_ENDED_BY_SQL = ", ".join(f"'{name}'" for name in ENDED_BY)
DDL = (
    """CREATE TABLE IF NOT EXISTS {trade_history_positions} (
        position_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL,
        quantity numeric NOT NULL,
        entry_price numeric NOT NULL,
        open_fee numeric NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {{trade_history}} (
        close_position bigint PRIMARY KEY,
        position_id uuid NOT NULL,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL,
        quantity numeric NOT NULL,
        entry_price numeric NOT NULL,
        exit_price numeric NOT NULL,
        gross_pnl numeric NOT NULL,
        fees numeric NOT NULL,
        net_pnl numeric NOT NULL,
        ended_by text NOT NULL CHECK (ended_by IN ({_ENDED_BY_SQL})),
        closed_at timestamptz NOT NULL,
        flags text[] NOT NULL DEFAULT ARRAY[]::text[])""",
    "CREATE INDEX IF NOT EXISTS {user_idx} ON {trade_history} (user_id, close_position)",
)
OPENED = """INSERT INTO {trade_history_positions} (position_id, user_id, symbol, side, quantity, entry_price, open_fee)
VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (position_id) DO NOTHING"""
ENDED = """INSERT INTO {trade_history} (close_position, position_id, user_id, symbol, side, quantity, entry_price,
    exit_price, gross_pnl, fees, net_pnl, ended_by, closed_at, flags)
SELECT %(pos)s, position_id, user_id, symbol, side, quantity, entry_price, %(exit)s, %(gross)s,
    open_fee + %(fee)s, %(net)s, %(ended_by)s, %(at)s, %(flags)s
FROM {trade_history_positions} WHERE position_id = %(position_id)s
ON CONFLICT (close_position) DO NOTHING"""
PARTLY_ENDED = """INSERT INTO {trade_history} (close_position, position_id, user_id, symbol, side, quantity,
    entry_price, exit_price, gross_pnl, fees, net_pnl, ended_by, closed_at, flags)
SELECT %(pos)s, position_id, user_id, symbol, side, %(quantity)s, entry_price, %(exit)s, %(gross)s,
    %(open_fee)s + %(fee)s, %(net)s, %(ended_by)s, %(at)s, %(flags)s
FROM {trade_history_positions} WHERE position_id = %(position_id)s
ON CONFLICT (close_position) DO NOTHING"""
# A partial close leaves the rest open: the remembered quantity and opening fee are what is left of them.
PARTLY = """UPDATE {trade_history_positions} SET quantity = %(remaining)s, open_fee = open_fee - %(open_fee)s
WHERE position_id = %(position_id)s"""
# An order added to the position: its totals and weighted entry price, and the added opening fee.
INCREASED = """UPDATE {trade_history_positions}
SET quantity = %(quantity)s, entry_price = %(entry_price)s, open_fee = open_fee + %(fee)s
WHERE position_id = %(position_id)s"""
# The flag arrives later, on the progression policy's XPAwarded naming the close's position in the log.
FLAGGED = """UPDATE {trade_history} SET flags = array_append(flags, %(flag)s)
WHERE close_position = %(trigger)s AND position_id = %(position_id)s AND NOT (%(flag)s = ANY(flags))"""
PAGE = """SELECT close_position, position_id, symbol, side, quantity, entry_price, exit_price, gross_pnl, fees,
    net_pnl, ended_by, closed_at, flags FROM {trade_history}
WHERE user_id = %(user)s AND close_position > %(after)s ORDER BY close_position LIMIT %(limit)s"""
FLAG_COUNTS = """SELECT flag, count(*) FROM {trade_history}, unnest(flags) AS flag WHERE user_id = %s GROUP BY flag"""
HAS = "SELECT 1 FROM {trade_history} WHERE close_position = %s"

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"user_idx": (TRADES, "_user_idx")},
    statements={
        "opened": OPENED,
        "ended": ENDED,
        "partly_ended": PARTLY_ENDED,
        "partly": PARTLY,
        "increased": INCREASED,
        "flagged": FLAGGED,
        "has": HAS,
        "page": PAGE,
        "flag_counts": FLAG_COUNTS,
    },
)
