"""The market view: the reads of the query API and of indicators (the projection runs the writes).

``read_candles`` is the one way other code reads candles (the query API, indicators, the market
stream): Decimals in, Decimals out, buckets in ascending time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from psycopg import Connection
from psycopg.rows import dict_row

from projections.market import statements as q
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
    rendered = q.SQL.render(tables)
    query = rendered.candles_from if start is not None else rendered.candles_latest
    with conn.cursor() as cur:
        return [Candle(*row) for row in cur.execute(query, params).fetchall()]


class MarketView:
    """The query API's reads of ``market_instruments`` and ``market_candles`` (the projection runs the writes)."""

    def is_known(self, conn: Connection[Any], tables: Tables, symbol: str) -> bool:
        """Whether ``symbol`` was ever ticked, configured or imported."""
        return conn.execute(q.SQL.render(tables).is_known, (symbol,)).fetchone() is not None

    def instruments(self, conn: Connection[Any], tables: Tables) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(q.SQL.render(tables).instruments).fetchall()

    def tickers(self, conn: Connection[Any], tables: Tables, symbol: str | None = None) -> list[dict[str, Any]]:
        """24 h figures of every symbol (or one) from its 1m candles starting in the 24 h before its last tick."""
        rendered = q.SQL.render(tables)
        with conn.cursor(row_factory=dict_row) as cur:
            if symbol is None:
                return cur.execute(rendered.tickers).fetchall()
            return cur.execute(rendered.ticker, {"symbol": symbol}).fetchall()
