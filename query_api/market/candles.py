"""The one seam between the indicators endpoint and candle history: the market read model's candles.

``candle_source`` is a route dependency returning ``candles(symbol, interval, start, end,
limit)``: candles of ``symbol`` at ``interval`` whose bucket starts in ``[start, end)``,
oldest first, at most ``limit`` (the **last** ``limit`` when more match), read in one
snapshot of the ``market`` projection (``projections/market/view.py``); 404 for a symbol
never ticked, configured or imported. Any object with ``t`` (bucket start) and ``close``
(Decimal) will do as a candle: tests override the dependency with their own series.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from psycopg import Connection

from projections.market.projection import MarketProjection
from projections.market.view import MarketView, read_candles
from projections.runtime import Tables
from query_api.deps import Services
from query_api.errors import ApiProblem


class Candle(Protocol):
    @property
    def t(self) -> datetime: ...

    @property
    def close(self) -> Decimal: ...


class Candles(Protocol):
    def __call__(
        self, symbol: str, interval: str, start: datetime | None, end: datetime | None, limit: int
    ) -> list[Candle]: ...


def known_candles(
    conn: Connection[Any],
    tables: Tables,
    symbol: str,
    interval: str,
    start: datetime | None,
    end: datetime | None,
    limit: int,
) -> list[Any]:
    """The candles of a known symbol (404 for one never ticked, configured or imported)."""
    if not MarketView().is_known(conn, tables, symbol):
        raise ApiProblem(404, "not_found", f"no market {symbol}")
    return read_candles(conn, tables, symbol, interval, start, end, limit)


async def candle_source(c: Services) -> Candles:
    """The candles the indicators are computed over: the market read model's, in one snapshot."""
    tables = c.read_models.tables_for(MarketProjection)

    def candles(symbol: str, interval: str, start: datetime | None, end: datetime | None, limit: int) -> list[Any]:
        return c.reader.snapshot(
            [MarketProjection.name], lambda conn: known_candles(conn, tables, symbol, interval, start, end, limit)
        ).value

    return candles
