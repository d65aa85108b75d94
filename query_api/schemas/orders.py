"""GET /v1/orders and /v1/orders/{order_id}: the response models."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from query_api.schemas.common import DecimalString


class Fill(BaseModel):
    price: DecimalString
    quantity: DecimalString
    fee: DecimalString
    margin: DecimalString
    at: datetime


class OrderView(BaseModel):
    """One order: what was asked, where it stands, its fill and the cash it holds."""

    order_id: UUID
    type: Literal["market", "limit", "stop"]
    symbol: str
    side: str
    quantity: DecimalString
    leverage: int
    limit_price: DecimalString | None
    stop_price: DecimalString | None
    time_in_force: str
    expires_at: datetime | None = Field(description="a gtd order's end")
    position_id: UUID | None = Field(description="the position it adds to, or the one its fill opened")
    status: Literal["open", "filled", "cancelled"]
    cancel_reason: str | None = Field(description="owner, ioc, expired, or the rule its fill broke")
    reserved: DecimalString = Field(description="cash held while it rests: margin + fee at its price")
    fills: list[Fill]
    average_fill_price: DecimalString | None
    placed_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> OrderView:
        fills = [] if row["fill_price"] is None else [Fill(
            price=row["fill_price"], quantity=row["filled_quantity"], fee=row["fee"], margin=row["margin"],
            at=row["filled_at"])]
        keep = {k: v for k, v in row.items() if k in cls.model_fields}
        return cls(**keep, fills=fills, average_fill_price=row["fill_price"])


class OrderReply(OrderView):
    as_of_position: int


class OrdersReply(BaseModel):
    orders: list[OrderView]
    as_of_position: int

