"""Backtest, optimisation and bot requests (api.md "Strategies, backtests and bots")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from aggregates.market.intervals import INTERVALS
from aggregates.money import MAX_LEVERAGE
from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import CashAmount, EquityFraction, FeeRate, Quantity, Symbol

Interval = Literal["1m", "5m", "15m", "1h", "4h", "1d"]  # aggregates.market.intervals.INTERVALS
Metric = Literal["net_pnl", "return_pct", "sharpe", "win_rate_pct", "final_equity", "max_drawdown_pct"]
MAX_CANDLES = 1_000_000  # per backtest: ~95 weeks of 1m candles, 114 years of 1h


class _Sizing(StrictRequest):
    quantity: Quantity | None = Field(None, description="a fixed quantity per position (exactly one sizing)")
    equity_fraction: EquityFraction | None = Field(None, description="a fraction of equity per position (exactly one)")
    leverage: int = Field(1, ge=1, le=MAX_LEVERAGE)

    @model_validator(mode="after")
    def _one_sizing(self) -> Any:
        if (self.quantity is None) == (self.equity_fraction is None):
            raise ValueError("give exactly one of quantity and equity_fraction")
        return self


class _Run(_Sizing):
    strategy: str = Field(max_length=64, examples=["sma_cross"])
    symbol: Symbol
    interval: Interval = "1h"
    from_: AwareDatetime = Field(alias="from", strict=False, description="first candle's open time (ISO 8601)")
    to: AwareDatetime = Field(strict=False, description="candles opening before this instant")
    initial_cash: CashAmount = Field(Decimal("10000.00"))
    fill: Literal["close", "next_open"] = Field("close", description="the signal candle's close, or the next open")
    fee_rate: FeeRate = Field(Decimal("0.001"), description="per side, of the notional (the platform's 0.001)")

    @model_validator(mode="after")
    def _range(self) -> Any:
        if self.from_ >= self.to:
            raise ValueError("from must be before to")
        if (self.to - self.from_).total_seconds() / INTERVALS[self.interval] > MAX_CANDLES:
            # One job holds its candles in memory: a decade of 1m candles would be 5 M of them.
            raise ValueError(f"a run covers at most {MAX_CANDLES:,} candles of its interval")
        return self


class BacktestRequest(_Run):
    params: dict[str, Any] = Field(default_factory=dict, description="the strategy's parameters (GET /v1/strategies)")


class OptimizationRequest(_Run):
    params: dict[str, Any] = Field(default_factory=dict, description="parameters shared by every combination")
    grid: dict[str, list[Any]] = Field(min_length=1, description="values to try per parameter; every combination runs")
    metric: Metric = "net_pnl"


class BotRequest(_Sizing):
    strategy: str = Field(max_length=64, examples=["sma_cross"])
    params: dict[str, Any] = Field(default_factory=dict)
    symbol: Symbol
    interval: Interval = "1m"


class BacktestAccepted(CommandReply):
    backtest_id: str
    status: str


class OptimizationAccepted(CommandReply):
    optimization_id: str
    combinations: int


class BotReply(CommandReply):
    bot_id: str
    status: str
