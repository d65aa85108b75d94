"""What a backtest answers: its trades, equity curve and statistics (money and percentages as Decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

EndedBy = Literal["signal", "liquidated", "end"]


@dataclass(frozen=True, slots=True)
class Trade:
    """One position from open to close. ``entry_at``/``exit_at`` are the open times of the candles whose prices
    filled (the signal candle for ``fill="close"``, the next one for ``next_open``); ``fees`` are the opening and
    closing fees, ``net_pnl`` = ``gross_pnl`` − ``fees`` (the loss capped at the margin, as live)."""

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
    """Percentages to 2 decimals and ``sharpe`` to 4 (half-even); money in cents (docs/backtests.md)."""

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
    """``equity_curve``: one point per candle, marked at its close (the last one after the final close);
    ``refused_opens``: candles on which the strategy wanted a position that the rules refused (cash short of
    margin and fee, notional below the minimum), as a live command would have been refused."""

    trades: list[Trade]
    equity_curve: list[tuple[datetime, Decimal]]
    stats: Stats
    refused_opens: int = 0
