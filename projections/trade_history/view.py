"""The trade history's tables: DDL, one idempotent statement per event, and the paged read.

Table ``trade_history`` (read-model schema; docs/read-models.md "Trade history"): one row per
event that ended (part of) a position, keyed by that event's log position (``close_position``)
— a position closed in parts has one row per part. Columns: ``position_id``, ``user_id``,
``symbol``, ``side``, ``quantity`` (closed by this row), ``entry_price``, ``exit_price``,
``gross_pnl``, ``fees`` (opening and closing), ``net_pnl``, ``ended_by`` (``ENDED_BY``),
``closed_at`` (event time), ``flags`` (why it earned no XP or leaderboard credit: ``FLAGS``).
``trade_history_positions`` keeps what a position's opening said (its closes do not repeat it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql

from projections.runtime.base import Tables

TRADES, POSITIONS = "trade_history", "trade_history_positions"
TABLES = (TRADES, POSITIONS)
# How a row's quantity ended: a partial close, the final close by its owner or by an exit, a liquidation.
ENDED_BY = ("closed", "partial", "stop_loss", "take_profit", "trailing_stop", "liquidated")
# Why a close earned nothing: the progression policy's flags (aggregates.gamification.fairness), and `bot`.
FLAGS = ("instant_close", "below_minimum", "mirror_trade", "bot")

_ENDED_BY_SQL = ", ".join(f"'{name}'" for name in ENDED_BY)
_DDL = (
    """CREATE TABLE IF NOT EXISTS {positions} (
        position_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL,
        quantity numeric NOT NULL,
        entry_price numeric NOT NULL,
        open_fee numeric NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {{trades}} (
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
    "CREATE INDEX IF NOT EXISTS {user_idx} ON {trades} (user_id, close_position)",
)
_OPENED = """INSERT INTO {positions} (position_id, user_id, symbol, side, quantity, entry_price, open_fee)
VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (position_id) DO NOTHING"""
_ENDED = """INSERT INTO {trades} (close_position, position_id, user_id, symbol, side, quantity, entry_price,
    exit_price, gross_pnl, fees, net_pnl, ended_by, closed_at, flags)
SELECT %(pos)s, position_id, user_id, symbol, side, quantity, entry_price, %(exit)s, %(gross)s,
    open_fee + %(fee)s, %(net)s, %(ended_by)s, %(at)s, %(flags)s
FROM {positions} WHERE position_id = %(position_id)s
ON CONFLICT (close_position) DO NOTHING"""
_PARTLY_ENDED = """INSERT INTO {trades} (close_position, position_id, user_id, symbol, side, quantity, entry_price,
    exit_price, gross_pnl, fees, net_pnl, ended_by, closed_at, flags)
SELECT %(pos)s, position_id, user_id, symbol, side, %(quantity)s, entry_price, %(exit)s, %(gross)s,
    %(open_fee)s + %(fee)s, %(net)s, %(ended_by)s, %(at)s, %(flags)s
FROM {positions} WHERE position_id = %(position_id)s
ON CONFLICT (close_position) DO NOTHING"""
# A partial close leaves the rest open: the remembered quantity and opening fee are what is left of them.
_PARTLY = """UPDATE {positions} SET quantity = %(remaining)s, open_fee = open_fee - %(open_fee)s
WHERE position_id = %(position_id)s"""
# An order added to the position: its totals and weighted entry price, and the added opening fee.
_INCREASED = """UPDATE {positions}
SET quantity = %(quantity)s, entry_price = %(entry_price)s, open_fee = open_fee + %(fee)s
WHERE position_id = %(position_id)s"""
# The flag arrives later, on the progression policy's XPAwarded naming the close's position in the log.
_FLAGGED = """UPDATE {trades} SET flags = array_append(flags, %(flag)s)
WHERE close_position = %(trigger)s AND position_id = %(position_id)s AND NOT (%(flag)s = ANY(flags))"""
_PAGE = """SELECT close_position, position_id, symbol, side, quantity, entry_price, exit_price, gross_pnl, fees,
    net_pnl, ended_by, closed_at, flags FROM {trades}
WHERE user_id = %(user)s AND close_position > %(after)s ORDER BY close_position LIMIT %(limit)s"""
_FLAG_COUNTS = """SELECT flag, count(*) FROM {trades}, unnest(flags) AS flag WHERE user_id = %s GROUP BY flag"""


@dataclass(frozen=True)
class TradeRow:
    close_position: int
    position_id: UUID
    symbol: str
    side: str
    quantity: Decimal
    entry_price: Decimal
    exit_price: Decimal
    gross_pnl: Decimal
    fees: Decimal
    net_pnl: Decimal
    ended_by: str
    closed_at: datetime
    flags: list[str]


@dataclass(frozen=True)
class Ended:
    """What an event ending a position's quantity said."""

    position_id: UUID
    exit_price: Decimal
    gross_pnl: Decimal
    fee: Decimal
    net_pnl: Decimal
    ended_by: str
    flags: list[str]


def _sql(template: str, tables: Tables) -> sql.Composed:
    return sql.SQL(template).format(
        trades=tables[TRADES],
        positions=tables[POSITIONS],
        user_idx=sql.Identifier(tables.physical(TRADES) + "_user_idx"),
    )


class TradeHistoryView:
    """Owns ``trade_history`` and ``trade_history_positions``."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in _DDL]

    def opened(self, cur: Cursor[Any], tables: Tables, position_id: UUID, e: Any) -> None:
        cur.execute(
            _sql(_OPENED, tables), (position_id, e.owner_id, e.symbol, e.side, e.quantity, e.entry_price, e.fee)
        )

    def ended(self, cur: Cursor[Any], tables: Tables, pos: int, at: datetime, ended: Ended) -> None:
        params = {
            "pos": pos,
            "at": at,
            "position_id": ended.position_id,
            "exit": ended.exit_price,
            "gross": ended.gross_pnl,
            "fee": ended.fee,
            "net": ended.net_pnl,
            "ended_by": ended.ended_by,
            "flags": ended.flags,
        }
        if cur.execute(_sql(_ENDED, tables), params).rowcount == 0 and not self._has(cur, tables, pos):
            raise ValueError(f"trade_history: position {ended.position_id} ended before it opened")

    def partly_ended(self, cur: Cursor[Any], tables: Tables, pos: int, at: datetime, ended: Ended, e: Any) -> None:
        """A partial close: a row for the quantity closed (with its share of the opening fee), the rest stays."""
        params = {
            "pos": pos,
            "at": at,
            "position_id": ended.position_id,
            "exit": ended.exit_price,
            "gross": ended.gross_pnl,
            "fee": ended.fee,
            "net": ended.net_pnl,
            "ended_by": ended.ended_by,
            "flags": ended.flags,
            "quantity": e.quantity,
            "open_fee": e.open_fee,
        }
        if cur.execute(_sql(_PARTLY_ENDED, tables), params).rowcount == 1:
            cur.execute(
                _sql(_PARTLY, tables),
                {"position_id": ended.position_id, "remaining": e.remaining_quantity, "open_fee": e.open_fee},
            )
        elif not self._has(cur, tables, pos):
            raise ValueError(f"trade_history: position {ended.position_id} ended before it opened")

    def increased(self, cur: Cursor[Any], tables: Tables, position_id: UUID, e: Any) -> None:
        cur.execute(
            _sql(_INCREASED, tables),
            {"position_id": position_id, "quantity": e.total_quantity, "entry_price": e.entry_price, "fee": e.fee},
        )

    def flagged(self, cur: Cursor[Any], tables: Tables, trigger: int, position_id: UUID, flag: str) -> None:
        cur.execute(_sql(_FLAGGED, tables), {"trigger": trigger, "position_id": position_id, "flag": flag})

    def _has(self, cur: Cursor[Any], tables: Tables, pos: int) -> bool:
        return (
            cur.execute(_sql("SELECT 1 FROM {trades} WHERE close_position = %s", tables), (pos,)).fetchone() is not None
        )

    def page(self, conn: Connection[Any], tables: Tables, user_id: UUID, *, after: int, limit: int) -> list[TradeRow]:
        """Up to ``limit`` trades of ``user_id`` ended after log position ``after``, oldest first."""
        rows = conn.execute(_sql(_PAGE, tables), {"user": user_id, "after": after, "limit": limit}).fetchall()
        return [
            TradeRow(
                int(r[0]),
                r[1],
                r[2],
                r[3],
                Decimal(r[4]),
                Decimal(r[5]),
                Decimal(r[6]),
                Decimal(r[7]),
                Decimal(r[8]),
                Decimal(r[9]),
                r[10],
                r[11],
                list(r[12]),
            )
            for r in rows
        ]

    def flag_counts(self, conn: Connection[Any], tables: Tables, user_id: UUID) -> dict[str, int]:
        """How many of ``user_id``'s trades carry each flag."""
        return {str(flag): int(n) for flag, n in conn.execute(_sql(_FLAG_COUNTS, tables), (user_id,)).fetchall()}
