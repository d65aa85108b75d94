"""GET /v1/market/indicators/{symbol}: SMA, EMA, RSI, MACD or Bollinger bands over a symbol's candles, any user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from query_api.deps import CurrentUser
from query_api.errors import documented
from query_api.market.candles import Candles, candle_source
from query_api.market.indicators import values
from query_api.schemas.indicators import IndicatorParams, IndicatorReply, Point, SymbolPath

router = APIRouter(prefix="/v1/market", tags=["market"])
Source = Annotated[Candles, Depends(candle_source)]


@router.get("/indicators/{symbol}", response_model=IndicatorReply, responses=documented(401, 422, 503))
async def get_indicator(
    symbol: SymbolPath, params: Annotated[IndicatorParams, Query()], _: CurrentUser, candles: Source
) -> IndicatorReply:
    """One value per candle of the range (oldest first), null until enough candles; computed over the candles
    returned, so the first `period - 1` are null (docs/markets-feed.md)."""
    found = await run_in_threadpool(candles, symbol, params.interval.value, params.start, params.end, params.limit)
    used = params.used()
    points = [Point(t=c.t, value=v) for c, v in zip(found, values(params.name, used, found), strict=True)]
    return IndicatorReply(symbol=symbol, interval=params.interval, name=params.name, params=used, values=points)
