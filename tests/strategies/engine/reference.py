"""backtesting.py (the reference) and our engine on the same candles, and how their trades compare.

The reference strategy is sma_cross as ours defines it (long while the fast SMA is above the slow one, short while
below), on backtesting.py's own SMA (pandas rolling mean), with ``exclusive_orders=True`` (a new order first closes
the open trade, so each signal flips), a fixed size in units and cash enough that no order is cancelled for margin.

Two boundary conventions are aligned, and only these (docs/backtests.md "Reference parity"):
- backtesting.py closes what is open at the end at the close of the bar *before* the last one it was given
  (trade_on_close) or at the last bar's open: so it gets one sentinel bar after ours (every price the last close)
  on which it decides nothing, and its end close lands on our last close;
- a decision on our last candle with fill="next_open" has no next open, so neither engine acts on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

import numpy as np
import pandas as pd
from backtesting import Backtest
from backtesting import Strategy as ReferenceStrategy
from backtesting.test import SMA

from strategies.base import Candle
from strategies.engine import BacktestResult, BacktestSpec, Fill, run_backtest

FEE_RATE = Decimal("0.001")
# Per trade, ours books the gross P&L in cents half-even (within ±0.005 of exact) and each of the two fees rounded
# up to the cent (0 to 0.01 above exact): our net is within (−0.025, +0.005] of the exact one.
PER_TRADE_BELOW = Decimal("0.025")
PER_TRADE_ABOVE = Decimal("0.005")
FLOAT_SLACK = Decimal("0.000001")  # the reference's float arithmetic on prices with ≤ 8 decimals


@dataclass(frozen=True)
class Fill_:
    """One trade as both engines can state it: bars by index, side, prices, net P&L."""

    side: str
    entry_bar: int
    exit_bar: int
    entry_price: Decimal
    exit_price: Decimal
    net_pnl: Decimal


def candles_of(frame: pd.DataFrame) -> list[Candle]:
    return [
        Candle(
            at.to_pydatetime().replace(tzinfo=UTC),
            _dec(row.Open),
            _dec(row.High),
            _dec(row.Low),
            _dec(row.Close),
            _dec(row.Volume),
        )
        for at, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    ]


def run_ours(
    frame: pd.DataFrame, fast: int, slow: int, quantity: Decimal, fill: Fill, cash: Decimal, interval: str = "1d"
) -> tuple[BacktestResult, list[Fill_]]:
    candles = candles_of(frame)
    spec = BacktestSpec(
        "sma_cross", {"fast": fast, "slow": slow}, "REF", interval, cash, quantity, None, fill=fill, fee_rate=FEE_RATE
    )
    result = run_backtest(spec, candles)
    bar = {c.at: i for i, c in enumerate(candles)}
    return result, [
        Fill_(t.side, bar[t.entry_at], bar[t.exit_at], t.entry_price, t.exit_price, t.net_pnl) for t in result.trades
    ]


def run_reference(frame: pd.DataFrame, fast: int, slow: int, size: int, fill: Fill, cash: Decimal) -> list[Fill_]:
    last = len(frame) - 1
    sentinel_at = frame.index[-1] + (frame.index[-1] - frame.index[-2])
    close = frame.Close.iloc[-1]
    sentinel = pd.DataFrame(
        {"Open": [close], "High": [close], "Low": [close], "Close": [close], "Volume": [0.0]}, index=[sentinel_at]
    )
    data = pd.concat([frame, sentinel])
    fast_sma = SMA(data.Close, fast).to_numpy()
    slow_sma = SMA(data.Close, slow).to_numpy()
    decide_through = last if fill == "close" else last - 1

    class SmaCross(ReferenceStrategy):  # type: ignore[misc]
        def init(self) -> None:  # the SMAs are plain arrays: no self.I warm-up, so next() sees every bar from 1
            pass

        def next(self) -> None:
            i = len(self.data) - 1
            f, s = fast_sma[i], slow_sma[i]
            if i > decide_through or np.isnan(s) or f == s:
                return
            if f > s and not self.position.is_long:
                self.buy(size=size)
            elif f < s and not self.position.is_short:
                self.sell(size=size)

    backtest = Backtest(
        data,
        SmaCross,
        cash=float(cash),
        commission=float(FEE_RATE),
        trade_on_close=fill == "close",
        exclusive_orders=True,
        finalize_trades=True,
    )
    stats = backtest.run()
    trades = stats._trades
    return [
        Fill_(
            "long" if row.Size > 0 else "short",
            int(row.EntryBar),
            min(int(row.ExitBar), last),
            _dec(row.EntryPrice),
            _dec(row.ExitPrice),
            _dec(row.PnL),
        )
        for row in trades.itertuples(index=False)
    ]


def mismatches(ours: list[Fill_], reference: list[Fill_]) -> list[str]:
    """Every difference that matters: count, and per trade the bars, side and prices, and the net P&L outside the
    cent rounding of our bookings; empty when the two agree."""
    found = []
    if len(ours) != len(reference):
        found.append(f"{len(ours)} trades, the reference has {len(reference)}")
    for n, (a, b) in enumerate(zip(ours, reference, strict=False)):
        if (a.side, a.entry_bar, a.exit_bar) != (b.side, b.entry_bar, b.exit_bar):
            found.append(
                f"trade {n}: ours {a.side} bars {a.entry_bar}-{a.exit_bar}, "
                f"reference {b.side} bars {b.entry_bar}-{b.exit_bar}"
            )
        elif abs(a.entry_price - b.entry_price) > FLOAT_SLACK or abs(a.exit_price - b.exit_price) > FLOAT_SLACK:
            found.append(
                f"trade {n}: ours at {a.entry_price}-{a.exit_price}, reference at {b.entry_price}-{b.exit_price}"
            )
        elif not -PER_TRADE_BELOW - FLOAT_SLACK < a.net_pnl - b.net_pnl <= PER_TRADE_ABOVE + FLOAT_SLACK:
            found.append(f"trade {n}: net {a.net_pnl}, reference {b.net_pnl}")
    return found


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))
