"""Price ticks."""

from __future__ import annotations

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import Price, Symbol


class PriceTickRequest(StrictRequest):
    symbol: Symbol
    price: Price


class PriceTickReply(CommandReply):
    symbol: str
    price: str
