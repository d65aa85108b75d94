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


def compute(
    initial_cash: Decimal, interval: str, trades: Sequence[Trade], curve: Sequence[tuple[datetime, Decimal]]
) -> Stats:
    final_equity = curve[-1][1] if curve else initial_cash
    net_pnl = sum((t.net_pnl for t in trades), Decimal("0.00"))
    wins = sum(1 for t in trades if t.net_pnl > 0)
    drawdown, ratio = _drawdown_and_sharpe(initial_cash, curve, interval)
    return Stats(
        trades=len(trades),
        net_pnl=net_pnl,
        return_pct=_pct(_CTX.divide(_CTX.multiply(final_equity - initial_cash, _HUNDRED), initial_cash)),
        max_drawdown_pct=_pct(drawdown),
        sharpe=ratio.quantize(_SHARPE_PLACES, rounding=ROUND_HALF_EVEN, context=_CTX),
        win_rate_pct=_pct(_CTX.divide(_CTX.multiply(wins, _HUNDRED), len(trades)) if trades else _ZERO),
        fees=sum((t.fees for t in trades), Decimal("0.00")),
        final_equity=final_equity,
    )


def _drawdown_and_sharpe(
    initial_cash: Decimal, curve: Sequence[tuple[datetime, Decimal]], interval: str
) -> tuple[Decimal, Decimal]:
    """One pass over the curve (a candle whose equity did not move is a zero return and no new drawdown):

    - max drawdown: the largest fall from a running peak of equity (the initial cash the first peak), in percent
      of that peak;
    - Sharpe (risk-free rate 0): mean ÷ sample standard deviation of the per-candle returns of equity (from the
      initial cash on), × √(candles per year); 0 when undefined (fewer than 2 returns, or no variation)."""
    divide, add, multiply = _CTX.divide, _CTX.add, _CTX.multiply
    peak = trough = initial_cash  # the running peak and the lowest equity since it
    worst = _ZERO
    previous = initial_cash
    count, total, squares = 0, _ZERO, _ZERO
    for _, equity in curve:
        if equity == previous:
            count += 1
            continue
        if previous > 0:  # after a total loss there is no capital to return on
            change = divide(equity - previous, previous)
            count += 1
            total = add(total, change)
            squares = add(squares, multiply(change, change))
        previous = equity
        if equity > peak:  # a new peak ends the previous one's drawdown: measure it once, not at every candle
            worst = max(worst, divide(peak - trough, peak))
            peak = trough = equity
        elif equity < trough:
            trough = equity
    drawdown = multiply(max(worst, divide(peak - trough, peak)), _HUNDRED)
    if count < 2:
        return drawdown, _ZERO
    mean = divide(total, count)
    variance = divide(_CTX.subtract(squares, multiply(mean, total)), count - 1)
    if variance <= 0:
        return drawdown, _ZERO
    return drawdown, multiply(divide(mean, _CTX.sqrt(variance)), _CTX.sqrt(bars_per_year(interval)))


def _pct(value: Decimal) -> Decimal:
    return value.quantize(_PCT_PLACES, rounding=ROUND_HALF_EVEN, context=_CTX)
