"""Moving-average trend following: long while the fast SMA is above the slow one, short while below."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strategies.base import Candle, Strategy
from strategies.indicators import Sma
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
        self._fast = Sma(params.fast)
        self._slow = Sma(params.slow)

    def on_candle(self, candle: Candle) -> int | None:
        fast = self._fast.update(candle.close)
        slow = self._slow.update(candle.close)
        if slow is None or fast is None or fast == slow:
            return None
        return 1 if fast > slow else -1
