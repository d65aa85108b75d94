"""POST /v1/orders and DELETE /v1/orders/{order_id}: entry orders (market, limit, stop, twap, vwap)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Dealer, Services
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.orders import OrderReply, PlaceOrderRequest
from services.orders import OrderService, OrderSpec
from services.trading import Exits
from services.volume_profile import CandleVolumes


async def _orders(c: Services) -> OrderService:
    # VWAP weights come from the market read model's hourly candles.
    return OrderService(c.trading.runner, c.trading.instruments, CandleVolumes(c.store, c.settings.read_model_schema))


Orders = Annotated[OrderService, Depends(_orders)]
router = APIRouter(prefix="/v1/orders", tags=["orders"])


@router.post("", status_code=201, response_model=OrderReply, responses=documented(401, 403, 404, 409, 413, 422, 503))
def place_order(body: PlaceOrderRequest, user: Dealer, cmd: Command, orders: Orders, response: Response) -> Any:
    """Place a market, limit, stop, twap or vwap order: a resting one reserves margin + fee at its price (409
    insufficient_funds); it fills at the first tick reaching it, at that tick's price. A twap/vwap order holds each
    slice's margin + fee until that slice fills at the market price, into one position."""
    spec = OrderSpec(
        body.type,
        body.symbol,
        body.side,
        body.quantity,
        body.leverage,
        body.limit_price,
        body.stop_price,
        body.position_id,
        Exits(body.stop_loss, body.take_profit, body.trailing_stop_pct),
        body.time_in_force,
        body.expires_at,
        body.duration_seconds,
        body.slices,
    )
    return answer(orders.place(user.user_id, spec, cmd.context(user), cmd.idempotency(body)), response)


@router.delete("/{order_id}", response_model=OrderReply, responses=documented(401, 403, 404, 409, 413, 422, 503))
def cancel_order(order_id: UUID, user: Dealer, cmd: Command, orders: Orders, response: Response) -> Any:
    """Cancel the caller's own open order, releasing its reservation (409 order_not_open; another's is 404)."""
    idem = cmd.idempotency(order_id=str(order_id))
    return answer(orders.cancel(user.user_id, order_id, cmd.context(user), idem), response)
