"""Channel breakout: long when a close rises above the highest high of the previous ``lookback`` candles, short
when it falls below their lowest low; inside the channel, whatever is held is kept."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from strategies.base import Candle, Strategy
from strategies.indicators import RollingExtreme
from strategies.registry import register


class BreakoutParams(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    lookback: int = Field(20, ge=1, le=10000, description="candles before the current one that make the channel")


@register
class Breakout(Strategy):
    name = "breakout"
    description = "Long on a close above the previous lookback candles' highest high, short below their lowest low."
    Params = BreakoutParams

    def __init__(self, params: BreakoutParams) -> None:
        super().__init__(params)
        self._highest = RollingExtreme(params.lookback, highest=True)
        self._lowest = RollingExtreme(params.lookback, highest=False)
        self._channel: tuple[Decimal, Decimal] | None = None

    def on_candle(self, candle: Candle) -> int | None:
        channel = self._channel  # of the candles before this one
        high, low = self._highest.update(candle.high), self._lowest.update(candle.low)
        self._channel = None if high is None or low is None else (high, low)
        if channel is None:
            return None
        if candle.close > channel[0]:
            return 1
        if candle.close < channel[1]:
            return -1
        return None
