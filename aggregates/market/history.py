"""The HistoryChunk aggregate: a batch of imported OHLCV candles, stored as one event.

An import splits a file into chunks; each chunk's id follows from its symbol, interval and
content, so importing the same file again finds every chunk already stored and writes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates import money
from aggregates.base import AstraAggregate, CreationEvent
from aggregates.market.errors import InvalidHistory
from aggregates.market.intervals import INTERVALS, bucket_start

_CHUNK_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/history-chunk")
Bar = list[Any]  # [t: datetime, open, high, low, close: Decimal, volume: Decimal]; a list so it survives JSON


def chunk_id(symbol: str, interval: str, bars: list[Bar]) -> UUID:
    """Deterministic: the same candles of the same symbol and interval always get the same id."""
    digest = hashlib.sha256(repr([[b[0].isoformat(), *(f"{v:f}" for v in b[1:])] for b in bars]).encode())
    return uuid5(_CHUNK_NS, f"{symbol}|{interval}|{digest.hexdigest()}")


class HistoryChunk(AstraAggregate):
    """Imported candles of one symbol at one interval."""

    TOPIC = "market.HistoryChunk"

    class Imported(CreationEvent):
        """Candles from an external source were imported (``bars``: t, open, high, low, close, volume)."""

        TOPIC = "market.HistoryChunk.Imported"
        symbol: str
        interval: str
        bars: list[Bar]

    @event(Imported)
    def __init__(self, id: UUID, symbol: str, interval: str, bars: list[Bar]) -> None:  # noqa: A002, ARG002
        self.symbol = symbol
        self.interval = interval
        self.count = len(bars)

    @classmethod
    def import_bars(cls, symbol: str, interval: str, bars: list[Bar]) -> HistoryChunk:
        """Record ``bars`` (aligned, increasing, OHLC consistent) as one chunk."""
        if interval not in INTERVALS:
            raise InvalidHistory(f"interval must be one of {', '.join(INTERVALS)}")
        if not bars:
            raise InvalidHistory("a chunk holds at least one candle")
        for previous, bar in zip([None, *bars], bars, strict=False):
            check_bar(bar, interval, previous)
        return cls(id=chunk_id(symbol, interval, bars), symbol=symbol, interval=interval, bars=bars)


def check_bar(bar: Bar, interval: str, previous: Bar | None) -> None:
    """One candle: on its bucket's start, after ``previous``, prices > 0 with 8 decimals, low ≤ open/close ≤ high."""
    t, open_, high, low, close, volume = bar
    if not isinstance(t, datetime) or t.tzinfo is None or bucket_start(t, interval) != t:
        raise InvalidHistory(f"time {t} is not the UTC start of a {interval} bucket")
    if previous is not None and t <= previous[0]:
        raise InvalidHistory(f"time {t} does not follow {previous[0]}")
    if not all(money.is_positive_with_places(p, money.PRICE_PLACES) for p in (open_, high, low, close)):
        raise InvalidHistory("prices must be > 0 with at most 8 decimals")
    if not low <= min(open_, close) <= max(open_, close) <= high:
        raise InvalidHistory("low <= open, close <= high must hold")
    if (
        not isinstance(volume, Decimal)
        or not volume.is_finite()
        or volume < 0
        or not (volume == 0 or money.is_positive_with_places(volume, money.PRICE_PLACES))
    ):
        raise InvalidHistory("volume must be >= 0 with at most 8 decimals")
