"""GET /v1/orders[?status=] and /v1/orders/{order_id}: the caller's orders (owner only).

Another user's order is 404, exactly as an unknown id: whether it exists is private.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from projections.orders.projection import OrdersProjection
from projections.orders.view import OrdersView
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.orders import OrderReply, OrdersReply, OrderView

router = APIRouter(prefix="/v1/orders", tags=["orders"])
NEEDS = Needs([OrdersProjection.name])


@router.get("", response_model=OrdersReply, responses=documented(401, 422, 429, 503))
async def list_orders(
    caller: CurrentUser,
    c: Services,
    reads: Reads,
    status: Literal["open", "filled", "cancelled"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    min_position: MinPosition = None,
) -> OrdersReply:
    """The caller's orders, newest first, optionally of one status."""
    tables = c.read_models.tables_for(OrdersProjection)
    found = await reads(
        NEEDS, min_position, lambda conn: OrdersView().orders_of(conn, tables, caller.user_id, status, limit)
    )
    return OrdersReply(orders=[OrderView.of(row) for row in found.value], as_of_position=found.as_of_position)


@router.get("/{order_id}", response_model=OrderReply, responses=documented(401, 404, 422, 429, 503))
async def get_order(
    order_id: UUID, caller: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None
) -> OrderReply:
    """One of the caller's orders: status, fill, average fill price, reserved cash."""
    tables = c.read_models.tables_for(OrdersProjection)
    found = await reads(NEEDS, min_position, lambda conn: OrdersView().order(conn, tables, order_id))
    row = found.value
    if row is None or row["user_id"] != caller.user_id:
        raise ApiProblem(404, "not_found", f"no order {order_id}")
    return OrderReply(**OrderView.of(row).model_dump(), as_of_position=found.as_of_position)
