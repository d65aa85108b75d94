"""POST /v1/market/prices: price ticks from a feed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from aggregates.user.roles import Role
from command_api.deps import Command, PriceFeed, Trading
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.market import PriceTickReply, PriceTickRequest
from http_common.problems import ApiProblem

ADMIN, SERVICE = frozenset({Role.ADMIN.value}), frozenset({Role.PRICE_FEED.value})
router = APIRouter(prefix="/v1/market", tags=["market"])


@router.post(
    "/prices",
    status_code=201,
    response_model=PriceTickReply,
    response_model_exclude_none=True,
    responses=documented(401, 403, 409, 413, 422, 503),
)
def record_price(body: PriceTickRequest, feed: PriceFeed, cmd: Command, trading: Trading, response: Response) -> Any:
    """Record the latest price of a symbol (roles price_feed or admin); a move beyond the symbol's band
    (`max_move_pct`, default 20 %) is 409 `price_band_exceeded` unless an admin sends `force: true`."""
    if body.force and (not feed.has_any(ADMIN) or feed.has_any(SERVICE)):
        # The feed's own credentials must never lift the band, even on an account that is also admin.
        raise ApiProblem(403, "forbidden", "only an admin (not a price_feed account) may force a tick past its band")
    result = trading.record_price(
        body.symbol, body.price, cmd.context(feed), cmd.idempotency(body), body.force, body.volume
    )
    return answer(result, response)
