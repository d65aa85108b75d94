"""Opening and closing positions."""

from __future__ import annotations

from pydantic import Field

from aggregates.money import MAX_LEVERAGE, Side
from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import Quantity, Symbol


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


class ClosePositionReply(CommandReply):
    position_id: str
    exit_price: str
    realized_pnl: str
    fee: str
    net_pnl: str
