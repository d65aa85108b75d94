"""GET /v1/market/instruments, /tickers[/{symbol}], /candles/{symbol}: the market read models (any user)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from projections.market.projection import MarketProjection
from projections.market.view import MAX_LIMIT, MarketView
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.market.candles import known_candles
from query_api.reading import Needs
from query_api.schemas.market import CandleView, InstrumentsReply, InstrumentView, TickersReply, TickerView

router = APIRouter(prefix="/v1/market", tags=["market"])
NEEDS = Needs([MarketProjection.name])
SymbolPath = Annotated[str, Path(pattern=r"^[A-Z0-9]{2,10}-[A-Z]{3,5}$", examples=["BTC-USD"])]
Interval = Literal["1m", "5m", "15m", "1h", "4h", "1d"]
When = Annotated[datetime | None, Query(description="ISO 8601; without an offset it is UTC")]


@router.get("/instruments", response_model=InstrumentsReply, responses=documented(401, 422, 429, 503))
async def instruments(_: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None) -> InstrumentsReply:
    """Every symbol with its settings, status and last price."""
    tables = c.read_models.tables_for(MarketProjection)
    found = await reads(NEEDS, min_position, lambda conn: MarketView().instruments(conn, tables))
    return InstrumentsReply(
        instruments=[InstrumentView.of(r, c.settings.min_notional) for r in found.value],
        as_of_position=found.as_of_position,
    )


@router.get("/tickers", response_model=TickersReply, responses=documented(401, 422, 429, 503))
async def tickers(_: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None) -> TickersReply:
    """Every priced symbol's last price and 24 h open, high, low, change, volume and notional."""
    tables = c.read_models.tables_for(MarketProjection)
    found = await reads(NEEDS, min_position, lambda conn: MarketView().tickers(conn, tables))
    as_of = found.as_of_position
    return TickersReply(
        tickers=[TickerView.of(r, as_of) for r in found.value if r["last_price"] is not None], as_of_position=as_of
    )


@router.get("/tickers/{symbol}", response_model=TickerView, responses=documented(401, 404, 422, 429, 503))
async def ticker(
    symbol: SymbolPath, _: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None
) -> TickerView:
    """One symbol's ticker (404 for a symbol never ticked, configured or imported)."""
    tables = c.read_models.tables_for(MarketProjection)
    found = await reads(NEEDS, min_position, lambda conn: MarketView().tickers(conn, tables, symbol))
    if not found.value:
        raise ApiProblem(404, "not_found", f"no market {symbol}")
    return TickerView.of(found.value[0], found.as_of_position)


@router.get("/candles/{symbol}", response_model=list[CandleView], responses=documented(401, 404, 422, 429, 503))
async def candles(
    symbol: SymbolPath,
    interval: Interval,
    _: CurrentUser,
    c: Services,
    reads: Reads,
    start: Annotated[When, Query(alias="from")] = None,
    end: Annotated[When, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500,
    min_position: MinPosition = None,
) -> list[CandleView]:
    """OHLCV candles with `from` ≤ t < `to`, ascending: the first `limit` from `from`, else the latest `limit`."""
    start, end = _utc(start), _utc(end)
    if start is not None and end is not None and start >= end:
        raise ApiProblem(422, "validation_error", "`from` must be before `to`")
    tables = c.read_models.tables_for(MarketProjection)
    found = await reads(
        NEEDS, min_position, lambda conn: known_candles(conn, tables, symbol, interval, start, end, limit)
    )
    return [CandleView.of(candle) for candle in found.value]


def _utc(instant: datetime | None) -> datetime | None:
    if instant is None:
        return None
    try:
        return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00 has no UTC instant
        raise ApiProblem(422, "validation_error", "`from`/`to` out of range") from None
