"""POST /v1/market/prices: price ticks from a feed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from command_api.deps import Command, PriceFeed, Trading
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.market import PriceTickReply, PriceTickRequest

router = APIRouter(prefix="/v1/market", tags=["market"])


@router.post("/prices", status_code=201, response_model=PriceTickReply, responses=documented(401, 403, 413, 422, 503))
def record_price(body: PriceTickRequest, feed: PriceFeed, cmd: Command, trading: Trading, response: Response) -> Any:
    """Record the latest price of a symbol (roles price_feed or admin)."""
    return answer(trading.record_price(body.symbol, body.price, cmd.context(feed), cmd.idempotency(body)), response)
