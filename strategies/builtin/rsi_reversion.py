"""Mean reversion on Wilder's RSI: long when oversold (RSI at or below ``lower``), short when overbought (at or
above ``upper``); in between, whatever is held is kept."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strategies.base import Candle, Strategy
from strategies.indicators import Rsi
from strategies.registry import register


class RsiReversionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    period: int = Field(14, ge=2, le=1000, description="RSI period, in candles")
    lower: int = Field(30, ge=1, le=99, description="RSI at or below which to go long")
    upper: int = Field(70, ge=1, le=99, description="RSI at or above which to go short; more than lower")

    @model_validator(mode="after")
    def _lower_below_upper(self) -> Self:
        if self.lower >= self.upper:
            raise ValueError("lower must be less than upper")
        return self


@register
class RsiReversion(Strategy):
    name = "rsi_reversion"
    description = "Long when the RSI is at or below lower (oversold), short when at or above upper (overbought)."
    Params = RsiReversionParams

    def __init__(self, params: RsiReversionParams) -> None:
        super().__init__(params)
        self._rsi = Rsi(params.period)
        self._lower = params.lower
        self._upper = params.upper

    def on_candle(self, candle: Candle) -> int | None:
        rsi = self._rsi.update(candle.close)
        if rsi is None:
            return None
        if rsi <= self._lower:
            return 1
        if rsi >= self._upper:
            return -1
        return None
