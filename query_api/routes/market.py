"""GET /v1/market/instruments, /tickers[/{symbol}], /candles/{symbol}: the market read models (any user)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from projections.market.projection import MarketProjection
from projections.market.view import MAX_LIMIT, MarketView, read_candles
from query_api.deps import CurrentUser, MinPosition, Queries, Services
from query_api.errors import ApiProblem, documented
from query_api.schemas.market import CandleView, InstrumentsReply, InstrumentView, TickersReply, TickerView

router = APIRouter(prefix="/v1/market", tags=["market"])
SymbolPath = Annotated[str, Path(pattern=r"^[A-Z0-9]{2,10}-[A-Z]{3,5}$", examples=["BTC-USD"])]
Interval = Literal["1m", "5m", "15m", "1h", "4h", "1d"]
When = Annotated[datetime | None, Query(description="ISO 8601; without an offset it is UTC")]


@router.get("/instruments", response_model=InstrumentsReply, responses=documented(401, 422, 503))
def instruments(_: CurrentUser, c: Services, queries: Queries, min_position: MinPosition = None) -> InstrumentsReply:
    """Every symbol with its settings, status and last price."""
    queries.reach([MarketProjection.name], min_position)
    with c.pool.connection() as conn:
        rows = MarketView().instruments(conn, c.read_models.tables_for(MarketProjection))
        as_of = c.progress.position(conn, MarketProjection.name)
    return InstrumentsReply(instruments=[InstrumentView.of(r, c.settings.min_notional) for r in rows],
                            as_of_position=as_of)


@router.get("/tickers", response_model=TickersReply, responses=documented(401, 422, 503))
def tickers(_: CurrentUser, c: Services, queries: Queries, min_position: MinPosition = None) -> TickersReply:
    """Every priced symbol's last price and 24 h open, high, low, change, volume and notional."""
    queries.reach([MarketProjection.name], min_position)
    with c.pool.connection() as conn:
        rows = MarketView().tickers(conn, c.read_models.tables_for(MarketProjection))
        as_of = c.progress.position(conn, MarketProjection.name)
    return TickersReply(tickers=[TickerView.of(r, as_of) for r in rows if r["last_price"] is not None],
                        as_of_position=as_of)


@router.get("/tickers/{symbol}", response_model=TickerView, responses=documented(401, 404, 422, 503))
def ticker(symbol: SymbolPath, _: CurrentUser, c: Services, queries: Queries,
           min_position: MinPosition = None) -> TickerView:
    """One symbol's ticker (404 for a symbol never ticked, configured or imported)."""
    queries.reach([MarketProjection.name], min_position)
    with c.pool.connection() as conn:
        rows = MarketView().tickers(conn, c.read_models.tables_for(MarketProjection), symbol)
        as_of = c.progress.position(conn, MarketProjection.name)
    if not rows:
        raise ApiProblem(404, "not_found", f"no market {symbol}")
    return TickerView.of(rows[0], as_of)


@router.get("/candles/{symbol}", response_model=list[CandleView], responses=documented(401, 404, 422, 503))
def candles(symbol: SymbolPath, interval: Interval, _: CurrentUser, c: Services, queries: Queries,  # noqa: PLR0913
            start: Annotated[When, Query(alias="from")] = None, end: Annotated[When, Query(alias="to")] = None,
            limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500,
            min_position: MinPosition = None) -> list[CandleView]:
    """OHLCV candles with `from` ≤ t < `to`, ascending: the first `limit` from `from`, else the latest `limit`."""
    start, end = _utc(start), _utc(end)
    if start is not None and end is not None and start >= end:
        raise ApiProblem(422, "validation_error", "`from` must be before `to`")
    queries.reach([MarketProjection.name], min_position)
    tables = c.read_models.tables_for(MarketProjection)
    with c.pool.connection() as conn:
        if not MarketView().is_known(conn, tables, symbol):
            raise ApiProblem(404, "not_found", f"no market {symbol}")
        found = read_candles(conn, tables, symbol, interval, start, end, limit)
    return [CandleView.of(candle) for candle in found]


def _utc(instant: datetime | None) -> datetime | None:
    if instant is None:
        return None
    try:
        return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00 has no UTC instant
        raise ApiProblem(422, "validation_error", "`from`/`to` out of range") from None
