"""Technical indicators over candle closes: SMA, EMA, RSI, MACD, Bollinger bands. Pure Decimal math.

The one home of this math: the query API's indicators endpoint and the strategies use it.
Each function returns one value per close, ``None`` until there are enough closes.

Precision: computed in a 40-digit decimal context and rounded once, at the end, to 8
decimals (half-even), like prices. The definitions are those of the ``ta`` library
(pandas ``ewm(adjust=False)``), and the tests check every indicator against ``ta`` on the
same series to 1e-8 (docs/markets-feed.md "Indicators"):
- EMA(n): α = 2/(n+1), seeded with the first close, ``None`` for the first n-1 closes;
- RSI(n): Wilder's smoothing (α = 1/n) of gains and losses, the first close counted as a
  zero change; 100 while there has been no loss;
- MACD(fast, slow, signal): EMA(fast) − EMA(slow); its signal an EMA of the MACD line
  from the first MACD value on; histogram = MACD − signal;
- Bollinger(n, k): SMA(n) ± k population standard deviations of the last n closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal

# Public as CONTEXT and round_value: the incremental forms (strategies/indicators.py) compute and round alike.
CONTEXT = _CTX = Context(prec=40)
_PLACES = Decimal("0.00000001")
Values = list[Decimal | None]


@dataclass(frozen=True)
class Macd:
    """The MACD line, its signal line and their difference at one candle (signal: None until enough)."""

    macd: Decimal
    signal: Decimal | None
    histogram: Decimal | None


@dataclass(frozen=True)
class Band:
    """Bollinger bands at one candle."""

    middle: Decimal
    upper: Decimal
    lower: Decimal


def sma(closes: Sequence[Decimal], period: int) -> Values:
    return _rounded(_sma(closes, period))


def ema(closes: Sequence[Decimal], period: int) -> Values:
    return _rounded(_ewm(closes, _CTX.divide(2, period + 1), period))


def rsi(closes: Sequence[Decimal], period: int = 14) -> Values:
    if not closes:
        return []
    changes = [Decimal(0)] + [_CTX.subtract(b, a) for a, b in zip(closes, closes[1:], strict=False)]
    alpha = _CTX.divide(1, period)
    gains = _ewm([max(c, Decimal(0)) for c in changes], alpha, period)
    losses = _ewm([max(-c, Decimal(0)) for c in changes], alpha, period)
    return _rounded([_strength(g, loss) for g, loss in zip(gains, losses, strict=True)])


def macd(closes: Sequence[Decimal], fast: int = 12, slow: int = 26, signal: int = 9) -> list[Macd | None]:
    fast_line = _ewm(closes, _CTX.divide(2, fast + 1), fast)
    slow_line = _ewm(closes, _CTX.divide(2, slow + 1), slow)
    line = [None if f is None or s is None else _CTX.subtract(f, s) for f, s in zip(fast_line, slow_line, strict=True)]
    signal_line = _ewm(line, _CTX.divide(2, signal + 1), signal)
    return [
        None if m is None else Macd(_round(m), _maybe(s), _maybe(None if s is None else _CTX.subtract(m, s)))
        for m, s in zip(line, signal_line, strict=True)
    ]


def bollinger(closes: Sequence[Decimal], period: int = 20, deviations: Decimal = Decimal(2)) -> list[Band | None]:
    bands: list[Band | None] = []
    for i, mean in enumerate(_sma(closes, period)):
        if mean is None:
            bands.append(None)
            continue
        window = closes[i + 1 - period : i + 1]
        variance = _CTX.divide(sum((_CTX.power(_CTX.subtract(x, mean), 2) for x in window), Decimal(0)), period)
        width = _CTX.multiply(deviations, _CTX.sqrt(variance))
        bands.append(Band(_round(mean), _round(_CTX.add(mean, width)), _round(_CTX.subtract(mean, width))))
    return bands


def _sma(closes: Sequence[Decimal], period: int) -> Values:
    out: Values = []
    total = Decimal(0)
    for i, close in enumerate(closes):
        total = _CTX.add(total, close)
        if i >= period:
            total = _CTX.subtract(total, closes[i - period])
        out.append(_CTX.divide(total, period) if i + 1 >= period else None)
    return out


def _ewm(values: Sequence[Decimal | None], alpha: Decimal, min_count: int) -> Values:
    """pandas ``ewm(alpha=α, adjust=False, min_periods=min_count)``: seeded with the first value; leading
    ``None`` (an input not defined yet) skipped."""
    out: Values = []
    average: Decimal | None = None
    seen = 0
    for value in values:
        if value is not None:
            seen += 1
            step = None if average is None else _CTX.multiply(alpha, _CTX.subtract(value, average))
            average = value if average is None or step is None else _CTX.add(average, step)
        out.append(average if seen >= min_count else None)
    return out


def _strength(gain: Decimal | None, loss: Decimal | None) -> Decimal | None:
    if gain is None or loss is None:
        return None
    if loss == 0:
        return Decimal(100)
    return _CTX.subtract(100, _CTX.divide(100, _CTX.add(1, _CTX.divide(gain, loss))))


def round_value(value: Decimal) -> Decimal:
    """An indicator value as published: 8 decimals, half-even."""
    return value.quantize(_PLACES, ROUND_HALF_EVEN, _CTX)  # positional: keywords cost decimal's C method 3×


_round = round_value


def _maybe(value: Decimal | None) -> Decimal | None:
    return None if value is None else _round(value)


def _rounded(values: Values) -> Values:
    return [_maybe(v) for v in values]
