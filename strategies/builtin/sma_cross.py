"""Moving-average trend following: long while the fast SMA is above the slow one, short while below."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strategies.base import Candle, Strategy
from strategies.indicators import SmaSpread
from strategies.registry import register


class SmaCrossParams(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    fast: int = Field(10, ge=1, le=5000, description="window of the fast SMA, in candles")
    slow: int = Field(30, ge=2, le=10000, description="window of the slow SMA, in candles; more than fast")

    @model_validator(mode="after")
    def _fast_below_slow(self) -> Self:
        if self.fast >= self.slow:
            raise ValueError("fast must be less than slow")
        return self


@register
class SmaCross(Strategy):
    name = "sma_cross"
    description = "Long while the fast simple moving average of closes is above the slow one, short while below."
    Params = SmaCrossParams

    def __init__(self, params: SmaCrossParams) -> None:
        super().__init__(params)
        self._spread = SmaSpread(params.fast, params.slow)

    def on_candle(self, candle: Candle) -> int | None:
        return self._spread.update(candle.close) or None  # equal averages (0): no signal
