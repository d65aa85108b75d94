"""POST /v1/positions and /v1/positions/{position_id}/close: trading."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from command_api.deps import Command, Dealer, Trading
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.positions import ClosePositionReply, OpenPositionReply, OpenPositionRequest

router = APIRouter(prefix="/v1/positions", tags=["positions"])


@router.post("", status_code=201, response_model=OpenPositionReply, responses=documented(401, 403, 409, 413, 422, 503))
def open_position(body: OpenPositionRequest, user: Dealer, cmd: Command, trading: Trading, response: Response) -> Any:
    """Open a position at the latest price: fee 0.1 % of notional, margin notional ÷ leverage."""
    result = trading.open_position(
        user.user_id, body.symbol, body.side, body.quantity, body.leverage, cmd.context(user), cmd.idempotency(body)
    )
    return answer(result, response)


@router.post(
    "/{position_id}/close", response_model=ClosePositionReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def close_position(position_id: UUID, user: Dealer, cmd: Command, trading: Trading, response: Response) -> Any:
    """Close the caller's own position at the latest price (another user's position is 404)."""
    idem = cmd.idempotency(position_id=str(position_id))
    return answer(trading.close_position(user.user_id, position_id, cmd.context(user), idem), response)
