"""Backtest speed: our engine and backtesting.py on the same candles and strategy, side by side in one run.

A deterministic random walk of ``--candles`` one-minute candles (2-decimal prices, seeded), ``sma_cross`` with
windows that flip ~10,000 times, fill at the signal candle's close (backtesting.py ``trade_on_close=True``), fee
0.001, a fixed size and cash enough for every order. Each engine runs ``--repeat`` times, interleaved; the best
time of each counts (the machine is shared: the best is the least disturbed). Both wall time and the process's CPU
time are measured (both engines are single-threaded; CPU time is what other processes on the machine disturb least)
and the ratio of each is printed. Building the inputs (our Candles, backtesting.py's DataFrame) is outside the
timing; each engine's own indicator and statistics work is inside.

    .venv/bin/python -m bench.backtest [--candles 200000] [--fast 8] [--slow 25] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
import warnings
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
from backtesting import Backtest
from backtesting import Strategy as ReferenceStrategy
from backtesting.test import SMA

from strategies.base import Candle
from strategies.engine import BacktestSpec, run_backtest

START = datetime(2026, 1, 5, tzinfo=UTC)
QUANTITY = 1
CASH = Decimal("1000000.00")
FEE_RATE = Decimal("0.001")


def random_walk(count: int, seed: int = 17) -> list[Candle]:
    """One-minute candles of a random walk around 30,000 (log-normal steps of 0.1 %), prices in cents."""
    rnd = random.Random(seed)
    cent = Decimal("0.01")
    price = 30000.0
    candles = []
    for i in range(count):
        open_ = price
        price = price * (1 + rnd.gauss(0, 0.001))
        high = max(open_, price) * (1 + abs(rnd.gauss(0, 0.0003)))
        low = min(open_, price) * (1 - abs(rnd.gauss(0, 0.0003)))
        candles.append(
            Candle(
                START + timedelta(minutes=i),
                Decimal(open_).quantize(cent),
                Decimal(high).quantize(cent),
                Decimal(low).quantize(cent),
                Decimal(price).quantize(cent),
                Decimal(1),
            )
        )
    return candles


def frame_of(candles: list[Candle]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Open": [float(c.open) for c in candles],
            "High": [float(c.high) for c in candles],
            "Low": [float(c.low) for c in candles],
            "Close": [float(c.close) for c in candles],
            "Volume": [float(c.volume) for c in candles],
        },
        index=pd.DatetimeIndex([c.at.replace(tzinfo=None) for c in candles]),
    )


class ReferenceSmaCross(ReferenceStrategy):  # type: ignore[misc]
    """sma_cross as ours defines it, written as backtesting.py users write strategies (indicators by self.I)."""

    fast = 8
    slow = 25

    def init(self) -> None:
        self.fast_sma = self.I(SMA, self.data.Close, self.fast)
        self.slow_sma = self.I(SMA, self.data.Close, self.slow)

    def next(self) -> None:
        f, s = self.fast_sma[-1], self.slow_sma[-1]
        if f > s and not self.position.is_long:
            self.buy(size=QUANTITY)
        elif f < s and not self.position.is_short:
            self.sell(size=QUANTITY)


def run_ours(candles: list[Candle], fast: int, slow: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, trades)."""
    spec = BacktestSpec(
        "sma_cross",
        {"fast": fast, "slow": slow},
        "BENCH",
        "1m",
        CASH,
        Decimal(QUANTITY),
        None,
        fill="close",
        fee_rate=FEE_RATE,
    )
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_backtest(spec, candles)
    return time.perf_counter() - wall, time.process_time() - cpu, result.stats.trades


def run_reference(frame: pd.DataFrame, fast: int, slow: int) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    backtest = Backtest(
        frame,
        ReferenceSmaCross,
        cash=float(CASH),
        commission=float(FEE_RATE),
        trade_on_close=True,
        exclusive_orders=True,
        finalize_trades=True,
    )
    stats = backtest.run(fast=fast, slow=slow)
    return time.perf_counter() - wall, time.process_time() - cpu, int(stats["# Trades"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candles", type=int, default=200_000)
    parser.add_argument("--fast", type=int, default=8)
    parser.add_argument("--slow", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # backtesting.py's notices
    np.seterr(all="ignore")
    candles = random_walk(args.candles)
    frame = frame_of(candles)
    ours, reference = [], []
    for _ in range(args.repeat):
        ours.append(run_ours(candles, args.fast, args.slow))
        reference.append(run_reference(frame, args.fast, args.slow))
    figures: dict[str, dict[str, float]] = {}
    for name, runs in (("ours", ours), ("backtesting.py", reference)):
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        figures[name] = {
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "trades": runs[0][2],
            "bars_per_s_wall": round(args.candles / wall),
            "bars_per_s_cpu": round(args.candles / cpu),
        }
    print(
        json.dumps(
            {
                "candles": args.candles,
                "fast": args.fast,
                "slow": args.slow,
                "repeat": args.repeat,
                **figures,
                "ratio_wall": round(figures["backtesting.py"]["wall_s"] / figures["ours"]["wall_s"], 2),
                "ratio_cpu": round(figures["backtesting.py"]["cpu_s"] / figures["ours"]["cpu_s"], 2),
                "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
                "load_average_1m": round(os.getloadavg()[0], 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
