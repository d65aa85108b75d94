"""The backtest engine: a strategy over candles through the real trading aggregates, in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from strategies.base import Candle, Strategy

Fill = Literal["close", "next_open"]
EndedBy = Literal["signal", "liquidated", "end"]


@dataclass(frozen=True)
class BacktestSpec:
    strategy: str
    params: dict[str, object]
    symbol: str
    interval: str
    initial_cash: Decimal
    quantity: Decimal | None
    equity_fraction: Decimal | None
    leverage: int = 1
    fill: Fill = "close"
    fee_rate: Decimal = Decimal("0.001")


@dataclass(frozen=True)
class Trade:
    side: Literal["long", "short"]
    quantity: Decimal
    entry_at: datetime
    entry_price: Decimal
    exit_at: datetime
    exit_price: Decimal
    gross_pnl: Decimal
    fees: Decimal
    net_pnl: Decimal
    ended_by: EndedBy


@dataclass(frozen=True)
class Stats:
    trades: int
    net_pnl: Decimal
    return_pct: Decimal
    max_drawdown_pct: Decimal
    sharpe: Decimal
    win_rate_pct: Decimal
    fees: Decimal
    final_equity: Decimal


@dataclass(frozen=True)
class BacktestResult:
    trades: list[Trade]
    equity_curve: list[tuple[datetime, Decimal]]
    stats: Stats


def decide(strategy: Strategy, candle: Candle) -> int | None:
    """The one place a strategy's decision is taken: backtests and live bots both call it."""
    return strategy.on_candle(candle)


def run_backtest(spec: BacktestSpec, candles: Iterable[Candle],
                 progress: Callable[[int], None] | None = None) -> BacktestResult:
    raise NotImplementedError


def downsample(curve: Sequence[tuple[datetime, Decimal]], points: int) -> list[tuple[datetime, Decimal]]:
    raise NotImplementedError
