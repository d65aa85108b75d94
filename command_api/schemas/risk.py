"""Setting a user's risk limits."""

from __future__ import annotations

from pydantic import Field

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import LimitAmount


class SetLimitsRequest(StrictRequest):
    max_open_notional: LimitAmount | None = Field(
        None,
        description="USD: Σ quantity × entry price of open positions and open orders; null removes it, "
        "left out keeps it",
    )
    max_daily_loss: LimitAmount | None = Field(
        None,
        description="USD: realized net loss of a UTC day that stops new entries until the next day; null "
        "removes it, left out keeps it",
    )


class LimitsReply(CommandReply):
    user_id: str
    max_open_notional: str | None
    max_daily_loss: str | None
