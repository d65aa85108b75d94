"""Price ticks."""

from __future__ import annotations

from pydantic import Field

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import Price, Symbol


class PriceTickRequest(StrictRequest):
    symbol: Symbol
    price: Price
    force: bool = Field(False, description="record the tick even beyond the symbol's price band (admin only)")


class PriceTickReply(CommandReply):
    symbol: str
    price: str
