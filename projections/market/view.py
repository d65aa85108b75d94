"""The market tables: DDL, the projection's writes, and the reads of the query API and of indicators.

``read_candles`` is the one way other code reads candles (the query API, indicators, the market
stream): Decimals in, Decimals out, buckets in ascending time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql
from psycopg.rows import dict_row

from projections.market import statements as q
from projections.market.contributions import Contribution
from projections.runtime.base import Tables

MAX_LIMIT = 1000
_FAR_PAST, _FAR_FUTURE = (
    datetime.fromisoformat("0001-01-02T00:00:00+00:00"),
    datetime.fromisoformat("9999-12-30T00:00:00+00:00"),
)


@dataclass(frozen=True)
class Candle:
    """One OHLCV bucket: ``t`` its UTC start; ``volume`` tick volume + platform fill quantity."""

    t: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    trades: int
    notional: Decimal


def _sql(template: str, tables: Tables) -> sql.Composed:
    return sql.SQL(template).format(
        instruments=tables[q.INSTRUMENTS], candles=tables[q.CANDLES], fills=tables[q.FILLS], streams=tables[q.STREAMS]
    )


def read_candles(
    conn: Connection[Any],
    tables: Tables,
    symbol: str,
    interval: str,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 500,
) -> list[Candle]:
    """Candles of ``symbol`` at ``interval`` with ``start <= t < end``, ascending: the first ``limit`` from
    ``start`` when it is given, else the latest ``limit`` before ``end``."""
    params = {
        "symbol": symbol,
        "interval": interval,
        "start": start or _FAR_PAST,
        "end": end or _FAR_FUTURE,
        "limit": min(limit, MAX_LIMIT),
    }
    template = q.CANDLES_FROM if start is not None else q.CANDLES_LATEST
    with conn.cursor() as cur:
        return [Candle(*row) for row in cur.execute(_sql(template, tables), params).fetchall()]


class MarketView:
    """Owns ``market_instruments``, ``market_candles`` and ``market_positions``."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in q.DDL]

    def known(self, cur: Cursor[Any], tables: Tables, symbol: str, pos: int) -> None:
        cur.execute(_sql(q.KNOWN, tables), {"symbol": symbol, "pos": pos - 1})  # pos - 1: this event still applies

    def stream(self, cur: Cursor[Any], tables: Tables, aggregate_id: UUID, symbol: str) -> None:
        """Remember whose symbol ``aggregate_id`` (a price stream, an instrument) is."""
        cur.execute(_sql(q.STREAM, tables), (aggregate_id, symbol))

    def symbol_of(self, cur: Cursor[Any], tables: Tables, aggregate_id: UUID) -> str:
        row = cur.execute(_sql(q.SYMBOL_OF, tables), (aggregate_id,)).fetchone()
        if row is None:  # a stream's first event always precedes the others: a gap is a bug
            raise ValueError(f"market: unknown stream {aggregate_id}")
        return str(row[0])

    def ticked(self, cur: Cursor[Any], tables: Tables, symbol: str, price: Decimal, at: datetime, pos: int) -> None:
        cur.execute(_sql(q.TICKED, tables), {"symbol": symbol, "price": price, "at": at, "pos": pos})

    def configured(self, cur: Cursor[Any], tables: Tables, symbol: str, settings: dict[str, Any], pos: int) -> None:
        cur.execute(_sql(q.CONFIGURED, tables), {**settings, "symbol": symbol, "pos": pos})

    def merged_candles(self, cur: Cursor[Any], tables: Tables, parts: list[tuple[str, Contribution, int]]) -> None:
        """Upsert each ``(symbol, contribution, position)``: at most one per bucket (merged beforehand)."""
        if parts:
            cur.executemany(
                _sql(q.CANDLE, tables), [{**vars(p), "symbol": symbol, "pos": pos} for symbol, p, pos in parts]
            )

    def fill_opened(self, cur: Cursor[Any], tables: Tables, position_id: UUID, symbol: str, quantity: Decimal) -> None:
        cur.execute(_sql(q.FILL_OPENED, tables), (position_id, symbol, quantity))

    def fill_of(self, cur: Cursor[Any], tables: Tables, position_id: UUID) -> tuple[str, Decimal]:
        row = cur.execute(_sql(q.FILL_OF, tables), (position_id,)).fetchone()
        if row is None:  # an Opened always precedes its close: a gap is a bug, never a lost fill
            raise ValueError(f"market: unknown position {position_id}")
        return row[0], row[1]

    def is_known(self, conn: Connection[Any], tables: Tables, symbol: str) -> bool:
        """Whether ``symbol`` was ever ticked, configured or imported."""
        return conn.execute(_sql(q.IS_KNOWN, tables), (symbol,)).fetchone() is not None

    def instruments(self, conn: Connection[Any], tables: Tables) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(_sql(q.INSTRUMENT_ROWS + " ORDER BY symbol", tables)).fetchall()

    def tickers(self, conn: Connection[Any], tables: Tables, symbol: str | None = None) -> list[dict[str, Any]]:
        """24 h figures of every symbol (or one) from its 1m candles starting in the 24 h before its last tick."""
        where = " WHERE i.symbol = %(symbol)s" if symbol else ""
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(_sql(q.TICKER + where + " ORDER BY i.symbol", tables), {"symbol": symbol}).fetchall()
