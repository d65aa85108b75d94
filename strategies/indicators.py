"""Indicators computed one candle at a time, for strategies: the definitions of aggregates/indicators.py (the
one home of that math, which the tests check these against), updated in O(1) per close instead of recomputed
over the whole series. Each ``update`` takes the next value and answers the indicator at it (``None`` until
there are enough values), rounded like the batch functions."""

from __future__ import annotations

from collections import deque
from decimal import Decimal

from aggregates.indicators import CONTEXT, round_value

_ZERO = Decimal(0)
_add, _subtract, _multiply, _divide = CONTEXT.add, CONTEXT.subtract, CONTEXT.multiply, CONTEXT.divide
_HUNDRED = Decimal(100)


class Sma:
    """Simple moving average of the last ``period`` values: a rolling sum, added to and subtracted from in the
    same order and context as ``aggregates.indicators.sma``, so the values are identical."""

    __slots__ = ("_missing", "_period", "_total", "_window")

    def __init__(self, period: int) -> None:
        self._period = period
        self._total = _ZERO
        self._missing = period  # values still needed before the first average
        self._window: deque[Decimal] = deque()

    def update(self, value: Decimal) -> Decimal | None:
        window = self._window
        window.append(value)
        if self._missing:
            self._missing -= 1
            self._total = _add(self._total, value)
            return None if self._missing else round_value(_divide(self._total, self._period))
        self._total = total = _subtract(_add(self._total, value), window.popleft())
        return round_value(_divide(total, self._period))


class SmaSpread:
    """Which of two simple moving averages of the same values is above: 1 when SMA(fast) > SMA(slow), -1 when below,
    0 when their published (8-decimal) values are equal, ``None`` until SMA(slow) is defined (fast < slow).

    One ring of the last ``slow`` values and two rolling sums (as ``Sma``), compared exactly without dividing:
    SMA(fast) − SMA(slow) = (fast total × slow − slow total × fast) ÷ (fast × slow). Beyond 1e-8 × fast × slow
    between the cross products, the averages differ by more than 1e-8, so rounded to 8 decimals they compare the same
    way; within it (rare), the rounded averages decide, as ``aggregates.indicators.sma`` publishes them."""

    __slots__ = (
        "_count",
        "_fast",
        "_fast_factor",
        "_fast_total",
        "_ring",
        "_slow",
        "_slow_factor",
        "_slow_total",
        "_tie",
        "_tie_below",
    )

    def __init__(self, fast: int, slow: int) -> None:
        if not 0 < fast < slow:
            raise ValueError("fast must be positive and less than slow")
        self._fast, self._slow = fast, slow
        self._fast_factor, self._slow_factor = Decimal(fast), Decimal(slow)  # converted once, used every value
        self._fast_total = self._slow_total = _ZERO
        self._ring: list[Decimal] = [_ZERO] * slow
        self._count = 0
        self._tie = Decimal(fast * slow).scaleb(-8)
        self._tie_below = -self._tie

    def update(self, value: Decimal) -> int | None:
        # The hot path of an sma_cross backtest: no calls beyond the decimal context's.
        count, ring, fast, slow = self._count, self._ring, self._fast, self._slow
        fast_total = _add(self._fast_total, value)
        slow_total = _add(self._slow_total, value)
        if count >= fast:
            fast_total = _subtract(fast_total, ring[(count - fast) % slow])
        if count >= slow:
            slow_total = _subtract(slow_total, ring[count % slow])
        ring[count % slow] = value
        self._count, self._fast_total, self._slow_total = count + 1, fast_total, slow_total
        if count + 1 < slow:
            return None
        gap = _subtract(_multiply(fast_total, self._slow_factor), _multiply(slow_total, self._fast_factor))
        if gap > self._tie:
            return 1
        if gap < self._tie_below:
            return -1
        fast_average = round_value(_divide(fast_total, fast))
        slow_average = round_value(_divide(slow_total, slow))
        return 0 if fast_average == slow_average else 1 if fast_average > slow_average else -1


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
        self.average = (
            value
            if average is None
            else CONTEXT.add(average, CONTEXT.multiply(self._alpha, CONTEXT.subtract(value, average)))
        )
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
        return round_value(
            CONTEXT.subtract(_HUNDRED, CONTEXT.divide(_HUNDRED, CONTEXT.add(1, CONTEXT.divide(gain, loss))))
        )


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
