"""Opening and closing positions."""

from __future__ import annotations

from pydantic import Field

from aggregates.money import MAX_LEVERAGE, Side
from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import CashAmount, Price, Quantity, Symbol, TrailingPct


class OpenPositionRequest(StrictRequest):
    symbol: Symbol
    side: Side = Field(strict=False, examples=["long"])  # the enum's values arrive as JSON strings
    quantity: Quantity
    leverage: int = Field(1, ge=1, le=MAX_LEVERAGE)


class OpenPositionReply(CommandReply):
    position_id: str
    symbol: str
    side: str
    quantity: str
    leverage: int
    entry_price: str
    fee: str
    margin: str


class ClosePositionRequest(StrictRequest):
    quantity: Quantity | None = Field(None, description="close only this much (a partial close); absent: all")


class ClosePositionReply(CommandReply):
    position_id: str
    exit_price: str
    realized_pnl: str
    fee: str
    net_pnl: str
    margin_released: str | None = None
    remaining_quantity: str | None = Field(None, description="0 once the position is closed")


class AddMarginRequest(StrictRequest):
    amount: CashAmount


class AddMarginReply(CommandReply):
    position_id: str
    margin: str
    liquidation_price: str


class SetExitsRequest(StrictRequest):
    """Each exit is optional: absent keeps the current one, null removes it."""

    stop_loss: Price | None = None
    take_profit: Price | None = None
    trailing_stop_pct: TrailingPct | None = Field(None, description="percent, > 0 and < 100, 2 decimals")


class SetExitsReply(CommandReply):
    position_id: str
    stop_loss: str | None
    take_profit: str | None
    trailing_stop_pct: str | None
    liquidation_price: str
