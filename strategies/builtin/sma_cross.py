"""Moving-average trend following: long while the fast SMA is above the slow one, short while below."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aggregates.indicators import CONTEXT
from strategies.base import Candle, Strategy
from strategies.indicators import Sma
from strategies.registry import register

_multiply, _subtract = CONTEXT.multiply, CONTEXT.subtract


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
        # fast SMA − slow SMA = (fast total × slow − slow total × fast) ÷ (fast × slow). Beyond this gap between the
        # cross products, the averages differ by more than 1e-8, so even rounded to 8 decimals (their published
        # values) they compare the same way as the exact ones; within it, the rounded values decide.
        self._tie = Decimal(params.fast * params.slow).scaleb(-8)

    def on_candle(self, candle: Candle) -> int | None:
        fast, slow = self._fast, self._slow
        fast.push(candle.close)
        if not slow.push(candle.close):  # the slow average is defined last
            return None
        gap = _subtract(_multiply(fast.total, slow.period), _multiply(slow.total, fast.period))
        if gap > self._tie:
            return 1
        if gap < -self._tie:
            return -1
        fast_value, slow_value = fast.value, slow.value
        assert fast_value is not None and slow_value is not None
        return None if fast_value == slow_value else 1 if fast_value > slow_value else -1
