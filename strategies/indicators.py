"""Indicators computed one candle at a time, for strategies: the definitions of aggregates/indicators.py (the
one home of that math, which the tests check these against), updated in O(1) per close instead of recomputed
over the whole series. Each ``update`` takes the next value and answers the indicator at it (``None`` until
there are enough values), rounded like the batch functions."""

from __future__ import annotations

from collections import deque
from decimal import Decimal

from aggregates.indicators import CONTEXT, round_value

_ZERO = Decimal(0)
_add, _subtract, _divide = CONTEXT.add, CONTEXT.subtract, CONTEXT.divide
_HUNDRED = Decimal(100)


class Sma:
    """Simple moving average of the last ``period`` values: a rolling sum, added to and subtracted from in the
    same order and context as ``aggregates.indicators.sma``, so ``value`` is identical to it.

    ``push`` is the hot path of a backtest (once per candle per average): it only keeps the sum; ``value`` divides
    and rounds when asked, and ``total`` lets a strategy compare averages exactly without either."""

    __slots__ = ("_missing", "_window", "period", "total")

    def __init__(self, period: int) -> None:
        self.period = period
        self.total = _ZERO
        self._missing = period  # values still needed before the first average
        self._window: deque[Decimal] = deque()

    def push(self, value: Decimal) -> bool:
        """Take the next value; whether the average is defined now."""
        window = self._window
        window.append(value)
        if self._missing:
            self._missing -= 1
            self.total = _add(self.total, value)
            return not self._missing
        self.total = _subtract(_add(self.total, value), window.popleft())
        return True

    @property
    def value(self) -> Decimal | None:
        return None if self._missing else round_value(_divide(self.total, self.period))

    def update(self, value: Decimal) -> Decimal | None:
        """Take the next value; the average at it."""
        self.push(value)
        return self.value


class _Ewm:
    """pandas ``ewm(alpha, adjust=False, min_periods)`` seeded with the first value (aggregates.indicators._ewm)."""

    __slots__ = ("_alpha", "_min_count", "_seen", "average")

    def __init__(self, alpha: Decimal, min_count: int) -> None:
        self._alpha = alpha
        self._min_count = min_count
        self._seen = 0
        self.average: Decimal | None = None

    def update(self, value: Decimal) -> Decimal | None:
        self._seen += 1
        average = self.average
        self.average = value if average is None else CONTEXT.add(
            average, CONTEXT.multiply(self._alpha, CONTEXT.subtract(value, average)))
        return self.average if self._seen >= self._min_count else None


class Rsi:
    """Wilder's RSI: smoothed gains and losses (α = 1/period), the first value counted as a zero change; 100
    while there has been no loss."""

    __slots__ = ("_gains", "_losses", "_previous")

    def __init__(self, period: int) -> None:
        alpha = CONTEXT.divide(1, period)
        self._gains = _Ewm(alpha, period)
        self._losses = _Ewm(alpha, period)
        self._previous: Decimal | None = None

    def update(self, value: Decimal) -> Decimal | None:
        change = _ZERO if self._previous is None else CONTEXT.subtract(value, self._previous)
        self._previous = value
        gain = self._gains.update(max(change, _ZERO))
        loss = self._losses.update(max(-change, _ZERO))
        if gain is None or loss is None:
            return None
        if loss == 0:
            return round_value(_HUNDRED)
        return round_value(CONTEXT.subtract(_HUNDRED, CONTEXT.divide(_HUNDRED, CONTEXT.add(1, CONTEXT.divide(gain,
                                                                                                          loss)))))


class RollingExtreme:
    """The highest (or lowest) of the last ``period`` values, by a monotonic queue: amortised O(1) per value."""

    __slots__ = ("_count", "_highest", "_period", "_queue")

    def __init__(self, period: int, *, highest: bool) -> None:
        self._period = period
        self._highest = highest
        self._count = 0
        self._queue: deque[tuple[int, Decimal]] = deque()  # (index, value), values monotonic from the left

    def update(self, value: Decimal) -> Decimal | None:
        queue, index = self._queue, self._count
        self._count += 1
        if self._highest:
            while queue and queue[-1][1] <= value:
                queue.pop()
        else:
            while queue and queue[-1][1] >= value:
                queue.pop()
        queue.append((index, value))
        if queue[0][0] <= index - self._period:
            queue.popleft()
        return queue[0][1] if self._count >= self._period else None
