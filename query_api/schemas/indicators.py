"""GET /v1/market/indicators/{symbol}: its parameters and its answer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from fastapi import Path
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from aggregates.trading.market_price import SYMBOL_PATTERN

SymbolPath = Annotated[str, Path(pattern=SYMBOL_PATTERN.pattern, description="a symbol such as `BTC-USD`")]


class Interval(str, Enum):
    M1 = "1m"
    M5 = "5m"
    M15 = "15m"
    H1 = "1h"
    H4 = "4h"
    D1 = "1d"


class Name(str, Enum):
    SMA = "sma"
    EMA = "ema"
    RSI = "rsi"
    MACD = "macd"
    BOLLINGER = "bollinger"


DEFAULT_PERIOD = {Name.SMA: 20, Name.EMA: 20, Name.RSI: 14, Name.BOLLINGER: 20}


class IndicatorParams(BaseModel):
    """Which indicator over which candles (other indicators' parameters are ignored; `period` with macd refused)."""

    model_config = ConfigDict(extra="forbid")
    interval: Interval = Field(description="candle interval")
    name: Name = Field(
        description="`sma`, `ema`, `rsi` (`period`), `macd` (`fast`, `slow`, `signal`), `bollinger` (`period`, `k`)"
    )
    period: int | None = Field(None, ge=1, le=500, description="sma/ema/bollinger 20, rsi 14 by default")
    fast: int = Field(12, ge=1, le=500, description="macd: fast EMA period")
    slow: int = Field(26, ge=2, le=500, description="macd: slow EMA period (> fast)")
    signal: int = Field(9, ge=1, le=500, description="macd: signal EMA period")
    k: Decimal = Field(
        Decimal(2),
        gt=0,
        le=10,
        max_digits=6,
        decimal_places=3,
        description="bollinger: standard deviations, a decimal string",
    )
    start: AwareDatetime | None = Field(None, alias="from", description="first candle start (inclusive)")
    end: AwareDatetime | None = Field(None, alias="to", description="last candle start (exclusive)")
    limit: int = Field(500, ge=1, le=1000, description="at most this many candles, the latest")
    min_position: int | None = Field(None, ge=0, le=2**63 - 1)

    @model_validator(mode="after")
    def _consistent(self) -> IndicatorParams:
        if self.name == Name.MACD and self.period is not None:
            raise ValueError("macd takes fast, slow and signal, not period")
        if self.name == Name.MACD and self.fast >= self.slow:
            raise ValueError("macd: fast must be shorter than slow")
        if self.start and self.end and self.start >= self.end:
            raise ValueError("from must be before to")
        return self

    def used(self) -> dict[str, Any]:
        """The parameters the chosen indicator ran with (defaults filled in)."""
        if self.name == Name.MACD:
            return {"fast": self.fast, "slow": self.slow, "signal": self.signal}
        period = self.period or DEFAULT_PERIOD[self.name]
        return {"period": period, "k": str(self.k)} if self.name == Name.BOLLINGER else {"period": period}


class Point(BaseModel):
    t: datetime = Field(description="UTC start of the candle")
    value: Any = Field(
        description="a decimal string, an object for macd (`macd`, `signal`, `histogram`) and "
        "bollinger (`middle`, `upper`, `lower`), or null until enough candles"
    )


class IndicatorReply(BaseModel):
    symbol: str
    interval: Interval
    name: Name
    params: dict[str, Any]
    values: list[Point]
