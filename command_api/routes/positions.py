"""POST /v1/positions, /v1/positions/{position_id}/close and /margin, PUT …/exits: trading."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from command_api.deps import Command, Dealer, Trading
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.positions import (
    AddMarginReply,
    AddMarginRequest,
    ClosePositionReply,
    ClosePositionRequest,
    OpenPositionReply,
    OpenPositionRequest,
    SetExitsReply,
    SetExitsRequest,
)
from services.trading import Exits

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
def close_position(
    position_id: UUID,
    user: Dealer,
    cmd: Command,
    trading: Trading,
    response: Response,
    body: ClosePositionRequest | None = None,
) -> Any:
    """Close the caller's own position at the latest price, or only ``quantity`` of it (a partial close);
    another user's position is 404."""
    quantity = body.quantity if body is not None else None
    idem = cmd.idempotency(body, position_id=str(position_id))
    return answer(trading.close_position(user.user_id, position_id, cmd.context(user), idem, quantity), response)


@router.post(
    "/{position_id}/margin", response_model=AddMarginReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def add_margin(
    position_id: UUID, body: AddMarginRequest, user: Dealer, cmd: Command, trading: Trading, response: Response
) -> Any:
    """Move cash into the caller's own open position's margin: the liquidation price moves away."""
    idem = cmd.idempotency(body, position_id=str(position_id))
    return answer(trading.add_margin(user.user_id, position_id, body.amount, cmd.context(user), idem), response)


@router.put(
    "/{position_id}/exits", response_model=SetExitsReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def set_exits(
    position_id: UUID, body: SetExitsRequest, user: Dealer, cmd: Command, trading: Trading, response: Response
) -> Any:
    """Set the caller's own open position's stop loss, take profit and trailing stop (absent: unchanged,
    null: removed); a stop the liquidation would reach first is 422 ``stop_beyond_liquidation``."""
    exits = Exits(body.stop_loss, body.take_profit, body.trailing_stop_pct, frozenset(body.model_fields_set))
    # Absent and null differ here (keep / remove), so the fingerprint names the fields given.
    idem = cmd.idempotency(body, position_id=str(position_id), given=sorted(body.model_fields_set))
    return answer(trading.set_exits(user.user_id, position_id, exits, cmd.context(user), idem), response)
