"""How a TWAP or VWAP order is cut into slices (api.md "Orders and positions (extended)").

``slices`` slices at even intervals of ``duration_seconds / slices``, the first at placement. Each slice's
quantity is the order's quantity × its weight ÷ the sum of the weights, rounded down to the symbol's
quantity step; the last slice takes the remainder. TWAP weighs every slice the same; VWAP weighs each slice by
the symbol's traded volume in the UTC hour of day it falls in (summed over the last 7 days of hourly candles),
TWAP when that history has no volume at all. A slice off the quantity step, empty, or whose notional at the
market price is below the minimum is refused at placement (422): every slice must be an order the
platform would take on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from aggregates import money
from aggregates.errors import BelowMinNotional, DomainError

MIN_SLICES, MAX_SLICES = 2, 100
MIN_DURATION, MAX_DURATION = 60, 86_400  # seconds


class InvalidSlicing(DomainError):
    """A TWAP/VWAP order whose duration or slice count is out of range, or a slice off the quantity step."""

    code = "invalid_order"
    status = 422


def interval_ms(duration_seconds: int, slices: int) -> int:
    """Milliseconds between two slices, after checking both ranges."""
    if (
        isinstance(duration_seconds, bool)
        or not isinstance(duration_seconds, int)
        or not MIN_DURATION <= duration_seconds <= MAX_DURATION
    ):
        raise InvalidSlicing(f"duration_seconds must be an integer from {MIN_DURATION} to {MAX_DURATION}")
    if isinstance(slices, bool) or not isinstance(slices, int) or not MIN_SLICES <= slices <= MAX_SLICES:
        raise InvalidSlicing(f"slices must be an integer from {MIN_SLICES} to {MAX_SLICES}")
    return duration_seconds * 1000 // slices


def due_times(starts_at: datetime, slices: int, every_ms: int) -> list[datetime]:
    """When each slice is due: the first at ``starts_at``, then every ``every_ms``."""
    return [starts_at + timedelta(milliseconds=every_ms * i) for i in range(slices)]


def volume_weights(times: Sequence[datetime], volume_by_hour: Mapping[int, Decimal]) -> list[Decimal] | None:
    """VWAP weights: the volume of each slice's UTC hour of day; None (TWAP) when there is no volume at all."""
    weights = [volume_by_hour.get(t.hour, Decimal(0)) for t in times]
    return weights if sum(weights) > 0 else None


def cut(quantity: Decimal, weights: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """``quantity`` in ``len(weights)`` slices proportional to ``weights``, each but the last rounded down to
    ``step``; the last takes the remainder (so the slices always add up to ``quantity``)."""
    total = sum(weights, Decimal(0))
    slices = [_down(quantity * w / total, step) for w in weights[:-1]]
    return [*slices, quantity - sum(slices, Decimal(0))]


def check_slices(slices: Sequence[Decimal], step: Decimal, price: Decimal, min_notional: Decimal) -> None:
    """Each slice > 0, on the quantity step, and worth at least ``min_notional`` at ``price``."""
    for i, q in enumerate(slices):
        if q <= 0 or q % step != 0:
            raise InvalidSlicing(f"slice {i} of {q:f} is not a positive multiple of the quantity step {step:f}")
        value = money.notional(q, price)
        if value < min_notional:
            raise BelowMinNotional(f"slice {i} of {q:f} is worth {value:f}, below the minimum {min_notional}")


def _down(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_DOWN) * step


class Plan:
    """A TWAP/VWAP order's slices and what has filled of them."""

    def __init__(
        self,
        slices: list[Decimal],
        holds: list[Decimal],
        interval_ms: int,
        starts_at: datetime,
        reference_price: Decimal,
    ) -> None:
        self.slices, self.holds, self.interval_ms = slices, holds, interval_ms
        self.starts_at, self.reference_price = starts_at, reference_price
        self.filled: dict[int, tuple[Decimal, Decimal]] = {}  # slice → (quantity, price)

    def due_at(self, index: int) -> datetime:
        return self.starts_at + timedelta(milliseconds=self.interval_ms * index)

    @property
    def left(self) -> Decimal:
        """The quantity of the slices not filled yet."""
        return sum((q for i, q in enumerate(self.slices) if i not in self.filled), Decimal(0))

    @property
    def average_price(self) -> Decimal:
        """The average price of the filled slices."""
        quantity = sum((q for q, _ in self.filled.values()), Decimal(0))
        return average_price(sum((money.notional(q, p) for q, p in self.filled.values()), Decimal(0)), quantity)

    def record(self, index: int, quantity: Decimal, price: Decimal) -> None:
        self.filled[index] = (quantity, price)


def average_price(notional: Decimal, quantity: Decimal) -> Decimal:
    """Σ quantity × price ÷ Σ quantity, 8 decimals, half-even (an order's average fill price)."""
    return (notional / quantity).quantize(Decimal("0.00000001"), rounding=ROUND_HALF_EVEN)


def holds_of(slices: Sequence[Decimal], price: Decimal, leverage: int) -> list[Decimal]:
    """What each slice holds while it waits: its margin + fee at ``price`` (both rounded up, as when it fills)."""
    return [
        money.margin(money.notional(q, price), leverage) + money.trading_fee(money.notional(q, price)) for q in slices
    ]
