"""The incremental indicators and the built-in strategies' decisions against the one home of the indicator math
(aggregates/indicators.py, itself checked against ``ta``), on random series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aggregates import indicators
from strategies.base import Candle
from strategies.builtin.breakout import Breakout, BreakoutParams
from strategies.builtin.rsi_reversion import RsiReversion, RsiReversionParams
from strategies.builtin.sma_cross import SmaCross, SmaCrossParams
from strategies.indicators import RollingExtreme, Rsi, Sma

# Prices with up to 8 decimals, often repeated (flat runs make ties between averages, the delicate case).
prices = st.decimals(
    min_value=Decimal("0.00000001"),
    max_value=Decimal("99999.99999999"),
    places=8,
    allow_nan=False,
    allow_infinity=False,
)
series = st.lists(
    st.one_of(prices, st.sampled_from([Decimal("100"), Decimal("100.00000001"), Decimal("99.99")])),
    min_size=1,
    max_size=120,
)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def candles(closes: list[Decimal]) -> list[Candle]:
    return [Candle(T0 + timedelta(minutes=i), c, c, c, c, Decimal(1)) for i, c in enumerate(closes)]


@settings(max_examples=200, deadline=None)
@given(series, st.integers(min_value=1, max_value=40))
def test_sma_equals_the_batch_definition(closes, period):
    sma = Sma(period)
    assert [sma.update(c) for c in closes] == indicators.sma(closes, period)


@settings(max_examples=200, deadline=None)
@given(series, st.integers(min_value=1, max_value=40))
def test_rsi_equals_the_batch_definition(closes, period):
    rsi = Rsi(period)
    assert [rsi.update(c) for c in closes] == indicators.rsi(closes, period)


@settings(max_examples=200, deadline=None)
@given(series, st.integers(min_value=1, max_value=30), st.booleans())
def test_rolling_extreme_equals_max_or_min_of_the_window(closes, period, highest):
    extreme = RollingExtreme(period, highest=highest)
    pick = max if highest else min
    assert [extreme.update(c) for c in closes] == [
        pick(closes[i + 1 - period : i + 1]) if i + 1 >= period else None for i in range(len(closes))
    ]


@settings(max_examples=300, deadline=None)
@given(series, st.integers(min_value=1, max_value=20), st.integers(min_value=1, max_value=30))
def test_sma_cross_decides_by_the_published_averages(closes, fast, extra):
    """Its exact shortcut (cross products of the sums) gives the decision the 8-decimal averages give."""
    slow = fast + extra
    strategy = SmaCross(SmaCrossParams(fast=fast, slow=slow))
    expected = [
        None if s is None or f is None or f == s else 1 if f > s else -1
        for f, s in zip(indicators.sma(closes, fast), indicators.sma(closes, slow), strict=True)
    ]
    assert [strategy.on_candle(c) for c in candles(closes)] == expected


def test_sma_cross_ties_are_decided_by_the_rounded_averages():
    """Averages 1e-9 apart are equal at 8 decimals: no signal, though the exact ones differ."""
    closes = [Decimal("100")] * 2 + [Decimal("100.00000001")] + [Decimal("100")] * 7
    # fast(1) = 100 at the last candle; slow(10) = 100.000000001, published as 100.00000000.
    strategy = SmaCross(SmaCrossParams(fast=1, slow=10))
    assert [strategy.on_candle(c) for c in candles(closes)][-1] is None


@settings(max_examples=150, deadline=None)
@given(
    series,
    st.integers(min_value=2, max_value=20),
    st.integers(min_value=1, max_value=49),
    st.integers(min_value=1, max_value=49),
)
def test_rsi_reversion_decides_by_the_batch_rsi(closes, period, lower, width):
    upper = min(99, lower + width)
    strategy = RsiReversion(RsiReversionParams(period=period, lower=lower, upper=upper))
    expected = [
        None if r is None else 1 if r <= lower else -1 if r >= upper else None for r in indicators.rsi(closes, period)
    ]
    assert [strategy.on_candle(c) for c in candles(closes)] == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(prices, prices, prices), min_size=1, max_size=80), st.integers(min_value=1, max_value=15))
def test_breakout_compares_the_close_with_the_previous_candles_channel(rows, lookback):
    bars = [
        Candle(T0 + timedelta(minutes=i), c, max(a, b, c), min(a, b, c), c, Decimal(1))
        for i, (a, b, c) in enumerate(rows)
    ]
    strategy = Breakout(BreakoutParams(lookback=lookback))
    expected: list[int | None] = []
    for i, bar in enumerate(bars):
        before = bars[max(0, i - lookback) : i]
        if len(before) < lookback:
            expected.append(None)
        elif bar.close > max(b.high for b in before):
            expected.append(1)
        elif bar.close < min(b.low for b in before):
            expected.append(-1)
        else:
            expected.append(None)
    assert [strategy.on_candle(b) for b in bars] == expected
