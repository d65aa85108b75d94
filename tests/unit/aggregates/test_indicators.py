"""Each indicator against the ``ta`` library's output on the same closes, to 1e-8 (the documented precision)."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import pandas as pd
import pytest
from ta.momentum import RSIIndicator
from ta.trend import MACD, ema_indicator, sma_indicator
from ta.volatility import BollingerBands

from aggregates import indicators


def walk(n: int, seed: int, start: float = 60_000.0) -> list[Decimal]:
    """A random walk of prices with 2 decimals (a real candle series' shape: trends, reversals, flat runs)."""
    rng, price, closes = random.Random(seed), start, []
    for _ in range(n):
        price *= math.exp(rng.gauss(0, 0.01)) if rng.random() > 0.1 else 1.0
        closes.append(Decimal(f"{price:.2f}"))
    return closes


SERIES = [walk(300, seed) for seed in (1, 2, 3)] + [walk(60, 4, start=0.0123)]


def same(ours: list[Decimal | None], theirs: pd.Series) -> None:
    """None exactly where ta has NaN; elsewhere within 1e-8 (plus float64's 1e-12 relative)."""
    assert len(ours) == len(theirs)
    for i, (mine, ref) in enumerate(zip(ours, theirs.tolist(), strict=True)):
        if math.isnan(ref):
            assert mine is None, f"index {i}: {mine} where ta has no value yet"
        else:
            assert mine is not None, f"index {i}: None where ta has {ref}"
            assert math.isclose(float(mine), ref, rel_tol=1e-12, abs_tol=1e-8), f"index {i}: {mine} vs {ref}"


def frame(closes: list[Decimal]) -> pd.Series:
    return pd.Series([float(c) for c in closes])


@pytest.mark.parametrize("closes", SERIES)
@pytest.mark.parametrize("period", [1, 5, 20, 50])
def test_sma_and_ema_match_ta_when_computed_over_the_same_closes(closes: list[Decimal], period: int):
    same(indicators.sma(closes, period), sma_indicator(frame(closes), period))
    same(indicators.ema(closes, period), ema_indicator(frame(closes), period))


@pytest.mark.parametrize("closes", SERIES)
@pytest.mark.parametrize("period", [2, 14, 30])
def test_rsi_matches_ta_when_computed_over_the_same_closes(closes: list[Decimal], period: int):
    same(indicators.rsi(closes, period), RSIIndicator(frame(closes), period).rsi())


@pytest.mark.parametrize("closes", SERIES)
@pytest.mark.parametrize(("fast", "slow", "signal"), [(12, 26, 9), (5, 35, 5)])
def test_macd_matches_ta_when_computed_over_the_same_closes(closes: list[Decimal], fast: int, slow: int, signal: int):
    ours = indicators.macd(closes, fast, slow, signal)
    ref = MACD(frame(closes), window_slow=slow, window_fast=fast, window_sign=signal)
    same([p.macd if p else None for p in ours], ref.macd())
    same([p.signal if p else None for p in ours], ref.macd_signal())
    same([p.histogram if p else None for p in ours], ref.macd_diff())


@pytest.mark.parametrize("closes", SERIES)
@pytest.mark.parametrize(("period", "k"), [(20, "2"), (10, "1.5")])
def test_bollinger_matches_ta_when_computed_over_the_same_closes(closes: list[Decimal], period: int, k: str):
    ours = indicators.bollinger(closes, period, Decimal(k))
    ref = BollingerBands(frame(closes), window=period, window_dev=float(k))
    same([b.middle if b else None for b in ours], ref.bollinger_mavg())
    same([b.upper if b else None for b in ours], ref.bollinger_hband())
    same([b.lower if b else None for b in ours], ref.bollinger_lband())


def test_values_are_none_until_enough_closes_and_rsi_is_100_when_nothing_fell():
    closes = [Decimal(p) for p in ("10", "11", "12", "13")]
    assert indicators.sma(closes, 3) == [None, None, Decimal("11.00000000"), Decimal("12.00000000")]
    assert indicators.rsi(closes, 3)[:2] == [None, None]
    assert indicators.rsi(closes, 3)[2:] == [Decimal("100.00000000")] * 2
    assert indicators.bollinger(closes, 5) == [None] * 4
    assert indicators.macd([], 12, 26, 9) == [] == indicators.rsi([], 14) == indicators.bollinger([], 20)
