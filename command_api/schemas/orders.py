"""Placing and cancelling orders."""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime, Field

from aggregates.money import MAX_LEVERAGE, Side
from aggregates.trading.order import OrderType, TimeInForce
from aggregates.trading.slicing import MAX_DURATION, MAX_SLICES, MIN_DURATION, MIN_SLICES
from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import Price, Quantity, Symbol, TrailingPct


class PlaceOrderRequest(StrictRequest):
    type: OrderType = Field(strict=False, examples=["limit"])
    symbol: Symbol
    side: Side = Field(strict=False, examples=["long"])
    quantity: Quantity
    leverage: int = Field(1, ge=1, le=MAX_LEVERAGE, description="ignored when adding to a position (its own)")
    limit_price: Price | None = Field(None, description="a limit order's price")
    stop_price: Price | None = Field(None, description="a stop order's price")
    position_id: UUID | None = Field(None, strict=False, description="add to this open position (same symbol, side)")
    stop_loss: Price | None = None
    take_profit: Price | None = None
    trailing_stop_pct: TrailingPct | None = None
    time_in_force: TimeInForce = Field(
        TimeInForce.GTC, strict=False, description="gtc (rest), ioc (now or never) or gtd (rest until expires_at)"
    )
    expires_at: AwareDatetime | None = Field(
        None,
        strict=False,
        description="a gtd order's end (ISO 8601 with a "
        "time zone): it expires then (a job), or at its symbol's first tick "
        "at or after it",
    )
    duration_seconds: int | None = Field(
        None,
        ge=MIN_DURATION,
        le=MAX_DURATION,
        description="a twap/vwap order's duration: its slices are this far apart ÷ slices, the first at once",
    )
    slices: int | None = Field(None, ge=MIN_SLICES, le=MAX_SLICES, description="a twap/vwap order's slice count")


class OrderReply(CommandReply):
    order_id: str
    status: str = Field(description="open, filled or cancelled (a twap/vwap order is open until its last slice)")
    type: str
    reserved: str = Field(description="cash the order holds while it rests (margin + fee at its price)")
    fill_price: str | None
    position_id: str | None
