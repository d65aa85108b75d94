"""GET /v1/orders and /v1/orders/{order_id}: the response models."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from aggregates.trading.slicing import average_price
from query_api.schemas.common import DecimalString


class Fill(BaseModel):
    index: int | None = Field(None, description="a TWAP/VWAP slice's number (from 0)")
    price: DecimalString
    quantity: DecimalString
    fee: DecimalString
    margin: DecimalString
    at: datetime


class OrderView(BaseModel):
    """One order: what was asked, where it stands, its fill and the cash it holds."""

    order_id: UUID
    type: Literal["market", "limit", "stop", "twap", "vwap"]
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
    slices: int | None = Field(None, description="a TWAP/VWAP order's slice count")
    filled_slices: int = Field(0, description="how many of its slices filled")
    filled_quantity: DecimalString
    placed_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> OrderView:
        keep = {k: v for k, v in row.items() if k in cls.model_fields}
        if row["slices"] is not None:  # TWAP/VWAP: each filled slice, and Σ q·p / Σ q
            fills = [
                Fill(
                    index=f["index"],
                    price=f["price"],
                    quantity=f["quantity"],
                    fee=f["fee"],
                    margin=f["margin"],
                    at=f["filled_at"],
                )
                for f in row["slice_fills"]
            ]
            average = None if not fills else average_price(row["filled_notional"], row["filled_quantity"])
            return cls(**keep, fills=fills, average_fill_price=average)
        fills = (
            []
            if row["fill_price"] is None
            else [
                Fill(
                    price=row["fill_price"],
                    quantity=row["filled_quantity"],
                    fee=row["fee"],
                    margin=row["margin"],
                    at=row["filled_at"],
                )
            ]
        )
        return cls(**keep, fills=fills, average_fill_price=row["fill_price"])


class OrderReply(OrderView):
    as_of_position: int


class OrdersReply(BaseModel):
    orders: list[OrderView]
    as_of_position: int
