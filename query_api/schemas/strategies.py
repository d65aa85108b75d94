"""Strategies, backtests, optimisations and bots as the query API answers them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from query_api.schemas.common import DecimalString


class StrategyOut(BaseModel):
    name: str
    description: str
    params_schema: dict[str, Any] = Field(description="JSON Schema of the parameters (types and ranges)")


class StrategiesReply(BaseModel):
    strategies: list[StrategyOut]


class EquityPoint(BaseModel):
    at: datetime
    equity: DecimalString


class BacktestReply(BaseModel):
    backtest_id: str
    status: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="percent of the candles run")
    spec: dict[str, Any]
    optimization_id: str | None
    requested_at: datetime
    finished_at: datetime | None
    stats: dict[str, Any] | None = Field(
        description="trades, net_pnl, return_pct, max_drawdown_pct, sharpe, "
        "win_rate_pct, fees, final_equity (decimal strings)"
    )
    failure: str | None
    results_digest: str | None = Field(description="SHA-256 of the full results, as Backtest.Completed records it")
    trades: list[dict[str, Any]] | None
    equity_curve: list[EquityPoint] | None = Field(description="downsampled; format=csv has every point")
    as_of_position: int


class RankedRun(BaseModel):
    rank: int | None
    backtest_id: str
    status: str
    params: dict[str, Any]
    stats: dict[str, Any] | None


class OptimizationReply(BaseModel):
    optimization_id: str
    status: str = Field(description="running until every combination finished, then done")
    metric: str
    spec: dict[str, Any]
    grid: dict[str, Any]
    combinations: int
    finished: int
    best_backtest_id: str | None
    ranking: list[RankedRun]
    as_of_position: int


class BotOut(BaseModel):
    bot_id: str
    status: str
    strategy: str
    params: dict[str, Any]
    symbol: str
    interval: str
    quantity: DecimalString | None
    equity_fraction: DecimalString | None
    leverage: int
    decisions: int
    last_candle_at: datetime | None
    exposure: int
    position_id: str | None
    last_refused: str | None
    started_at: datetime
    stopped_at: datetime | None


class BotsReply(BaseModel):
    bots: list[BotOut]
    as_of_position: int
