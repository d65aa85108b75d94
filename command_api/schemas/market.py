"""Price ticks."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.market_types import MinNotional, Percent, Step, Volume
from command_api.schemas.types import Price, Symbol


class PriceTickRequest(StrictRequest):
    symbol: Symbol
    price: Price
    force: bool = Field(False, description="record the tick even beyond the symbol's price band (admin only)")
    volume: Volume | None = Field(None, description="quantity traded at the source since the last tick (> 0)")


class PriceTickReply(CommandReply):
    symbol: str
    price: str
    volume: str | None = None


class InstrumentRequest(StrictRequest):
    """Every setting of a symbol; omitted optional ones take their defaults (api.md "Markets")."""

    tick_size: Step
    quantity_step: Step
    max_leverage: int = Field(ge=1, le=100, description="positions stay capped at 10 by the platform")
    max_move_pct: Percent = Decimal("20")
    min_notional: MinNotional | None = Field(None, description="USD; null: the deployment's MIN_NOTIONAL")
    stale_after_seconds: int | None = Field(None, ge=1, le=30 * 24 * 3600)
    status: Literal["trading", "halted"] = "trading"


class InstrumentReply(CommandReply):
    symbol: str
    tick_size: str
    quantity_step: str
    max_leverage: int
    max_move_pct: str
    min_notional: str | None
    stale_after_seconds: int | None
    status: str
