"""A backtest's statistics from its trades and equity curve (definitions in docs/backtests.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal

from aggregates.market.intervals import INTERVALS
from strategies.results import Stats, Trade

_CTX = Context(prec=40)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_PCT_PLACES = Decimal("0.01")
_SHARPE_PLACES = Decimal("0.0001")
SECONDS_PER_YEAR = 365 * 86400  # crypto trades every day: a year is 365 days of bars, not 252 sessions


def bars_per_year(interval: str) -> Decimal:
    return Decimal(SECONDS_PER_YEAR) / INTERVALS[interval]


def compute(initial_cash: Decimal, interval: str, trades: Sequence[Trade],
            curve: Sequence[tuple[datetime, Decimal]]) -> Stats:
    final_equity = curve[-1][1] if curve else initial_cash
    net_pnl = sum((t.net_pnl for t in trades), Decimal("0.00"))
    wins = sum(1 for t in trades if t.net_pnl > 0)
    return Stats(
        trades=len(trades),
        net_pnl=net_pnl,
        return_pct=_pct(_CTX.divide(_CTX.multiply(final_equity - initial_cash, _HUNDRED), initial_cash)),
        max_drawdown_pct=_pct(max_drawdown_pct(initial_cash, curve)),
        sharpe=sharpe(initial_cash, curve, interval).quantize(_SHARPE_PLACES, rounding=ROUND_HALF_EVEN, context=_CTX),
        win_rate_pct=_pct(_CTX.divide(_CTX.multiply(wins, _HUNDRED), len(trades)) if trades else _ZERO),
        fees=sum((t.fees for t in trades), Decimal("0.00")),
        final_equity=final_equity,
    )


def max_drawdown_pct(initial_cash: Decimal, curve: Sequence[tuple[datetime, Decimal]]) -> Decimal:
    """The largest fall from a running peak of equity (the initial cash the first peak), in percent of that peak."""
    peak, worst = initial_cash, _ZERO
    for _, equity in curve:
        if equity > peak:
            peak = equity
        elif equity < peak:
            fall = _CTX.divide(peak - equity, peak)
            worst = max(worst, fall)
    return _CTX.multiply(worst, _HUNDRED)


def sharpe(initial_cash: Decimal, curve: Sequence[tuple[datetime, Decimal]], interval: str) -> Decimal:
    """Annualised Sharpe ratio (risk-free rate 0): mean ÷ sample standard deviation of the per-candle returns of
    equity (from the initial cash on), × √(candles per year). 0 when undefined (fewer than 2 returns, or no
    variation)."""
    previous = initial_cash
    count, total, squares = 0, _ZERO, _ZERO
    for _, equity in curve:
        if previous > 0:  # after a total loss there is no capital to return on
            change = _CTX.divide(equity - previous, previous)
            count += 1
            total = _CTX.add(total, change)
            squares = _CTX.add(squares, _CTX.multiply(change, change))
        previous = equity
    if count < 2:
        return _ZERO
    mean = _CTX.divide(total, count)
    variance = _CTX.divide(_CTX.subtract(squares, _CTX.multiply(mean, total)), count - 1)
    if variance <= 0:
        return _ZERO
    return _CTX.multiply(_CTX.divide(mean, _CTX.sqrt(variance)), _CTX.sqrt(bars_per_year(interval)))


def _pct(value: Decimal) -> Decimal:
    return value.quantize(_PCT_PLACES, rounding=ROUND_HALF_EVEN, context=_CTX)
