"""What one event adds to the candles: pure, exact Decimal math, no I/O.

A ``Contribution`` is a partial candle of one bucket: its first and last trade (time and price),
extremes, volume, notional and number of trades. Merging two of the same bucket is associative
and order-independent for open/close (earliest ``first_at`` opens, latest ``last_at`` closes), so
history imported after live ticks lands in the right place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from aggregates.market.intervals import INTERVALS, bucket_start, covering, length

ZERO = Decimal(0)
_LAST_MICRO = timedelta(microseconds=1)


@dataclass(frozen=True)
class Contribution:
    """A partial candle of bucket ``t`` of ``interval``."""

    interval: str
    t: datetime
    first_at: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    last_at: datetime
    close: Decimal
    volume: Decimal
    notional: Decimal
    trades: int

    def merge(self, later: Contribution) -> Contribution:
        """Both of one bucket: the earliest open, the latest close (ties: ``later``), sums of the rest."""
        first = self if self.first_at <= later.first_at else later
        last = later if later.last_at >= self.last_at else self
        return Contribution(
            self.interval,
            self.t,
            first.first_at,
            first.open,
            max(self.high, later.high),
            min(self.low, later.low),
            last.last_at,
            last.close,
            self.volume + later.volume,
            self.notional + later.notional,
            self.trades + later.trades,
        )


def trade(at: datetime, price: Decimal, volume: Decimal, notional: Decimal) -> list[Contribution]:
    """A tick or a platform fill at ``at``: one trade in the bucket of every interval holding ``at``."""
    return [
        Contribution(name, bucket_start(at, name), at, price, price, price, at, price, volume, notional, 1)
        for name in INTERVALS
    ]


def imported(interval: str, bars: list[list[object]]) -> list[Contribution]:
    """Imported candles of ``interval``, rolled up into that interval and every longer one (no trades counted:
    the source's trade count is unknown; notional unknown, so 0)."""
    merged: dict[tuple[str, datetime], Contribution] = {}
    span = length(interval) - _LAST_MICRO
    for t, open_, high, low, close, volume in bars:
        assert isinstance(t, datetime)
        for name in covering(interval):
            part = Contribution(
                name,
                bucket_start(t, name),
                t,
                open_,  # type: ignore[arg-type]
                high,  # type: ignore[arg-type]
                low,  # type: ignore[arg-type]
                t + span,
                close,  # type: ignore[arg-type]
                volume,  # type: ignore[arg-type]
                ZERO,
                0,
            )
            key = (name, part.t)
            merged[key] = merged[key].merge(part) if key in merged else part
    return list(merged.values())


__all__ = ["INTERVALS", "Contribution", "imported", "trade"]
