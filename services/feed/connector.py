"""Following one exchange: poll each symbol's ticker, at most once per ``min_interval``, record what is new.

One thread per exchange, its symbols polled in turn by due time. A 429 pauses the whole
venue (its limit is per client address) for Retry-After, else for the backoff; a
timeout or a bad payload backs that symbol off (``retry_base`` · 2^failures, at most
``MAX_BACKOFF``). A quote is new when its exchange timestamp is later than the last one
recorded for the symbol; recording it is retried with the same idempotency key until it
lands, so a quote is neither lost to a database hiccup nor recorded twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from eventsourcing.persistence import PersistenceError

from services.errors import ConcurrencyConflict
from services.feed.health import FeedMetrics
from services.feed.sink import TickSink
from services.feed.symbols import SymbolMap
from services.feed.venue import Quote, RateLimited, Venue, VenueError

log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0
_TRANSIENT = (PersistenceError, psycopg.Error, ConcurrencyConflict, OSError)


@dataclass(frozen=True)
class Pacing:
    """How often to ask, when to give up on quiet, how long to back off."""

    min_interval: float
    stale_after: float
    retry_base: float = 1.0

    def backoff(self, failures: int) -> float:
        return float(min(MAX_BACKOFF, self.retry_base * 2 ** max(0, failures - 1)))


@dataclass
class Followed:
    """A symbol's state in the loop: when it is due, its last recorded exchange timestamp, its health."""

    market: SymbolMap
    last_new: float  # monotonic time of the last new quote (or of the start)
    due: float = 0.0
    last_timestamp: int = 0
    failures: int = 0
    stale: bool = False
    recorded: list[int] = field(default_factory=list)  # exchange timestamps recorded by this run (tests read it)


class Connector:
    """Follows ``markets`` on ``venue`` into ``sink`` until ``stop`` is set."""

    def __init__(
        self,
        venue: Venue,
        markets: list[SymbolMap],
        sink: TickSink,
        pacing: Pacing,
        metrics: FeedMetrics,
        stop: threading.Event | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.venue, self.sink, self.pacing, self.metrics, self.now = venue, sink, pacing, metrics, now
        self.stop = stop or threading.Event()
        self.followed = [Followed(m, last_new=now()) for m in markets]
        self.paused_until = 0.0
        for m in markets:
            metrics.stale.labels(venue.source, m.symbol).set(0)

    def run(self) -> None:
        log.info(
            "feed %s: following %s",
            self.venue.source,
            ", ".join(f"{f.market.exchange_symbol} as {f.market.symbol}" for f in self.followed),
        )
        while not self.stop.is_set():
            nxt = min(self.followed, key=lambda f: f.due)
            wait = max(nxt.due, self.paused_until) - self.now()
            if wait > 0:
                self.stop.wait(min(wait, self.pacing.stale_after / 4))  # wake to notice quiet symbols
                self._check_all()
                continue
            self.step(nxt)

    def step(self, f: Followed) -> None:
        """Ask for one symbol's ticker and record it when it is new."""
        try:
            quote = self.venue.quote(f.market.exchange_symbol)
        except VenueError as error:
            self._failed(f, error)
        else:
            f.failures, f.due = 0, self.now() + self.pacing.min_interval
            if quote.timestamp > f.last_timestamp:
                self._record(f, quote)
        self._check(f)

    def _failed(self, f: Followed, error: VenueError) -> None:
        f.failures += 1
        delay = self.pacing.backoff(f.failures)
        if isinstance(error, RateLimited):
            delay = error.retry_after if error.retry_after is not None else delay
            self.paused_until = self.now() + delay
        f.due = self.now() + max(delay, self.pacing.min_interval)
        self.metrics.errors.labels(self.venue.source, f.market.symbol, error.kind).inc()
        log.warning(
            "feed %s: %s %s (%s); next try in %.1fs",
            self.venue.source,
            f.market.exchange_symbol,
            error.kind,
            error,
            delay,
        )

    def _record(self, f: Followed, quote: Quote) -> None:
        attempt = 0
        while not self.stop.is_set():
            try:
                outcome = self.sink.record(f.market.symbol, quote.price, quote.timestamp)
            except _TRANSIENT as error:  # the same key next time: a commit we did not hear of is not doubled
                attempt += 1
                self.metrics.errors.labels(self.venue.source, f.market.symbol, "recording").inc()
                log.warning("feed %s: recording %s failed (%s); retrying", self.venue.source, f.market.symbol, error)
                self.stop.wait(self.pacing.backoff(attempt))
                continue
            f.last_timestamp, f.last_new = quote.timestamp, self.now()
            if outcome == "recorded":
                f.recorded.append(quote.timestamp)
            self.metrics.ticks.labels(self.venue.source, f.market.symbol, outcome).inc()
            return

    def _check_all(self) -> None:
        for f in self.followed:
            self._check(f)

    def _check(self, f: Followed) -> None:
        quiet_for = self.now() - f.last_new
        stale = quiet_for > self.pacing.stale_after
        if stale != f.stale:
            f.stale = stale
            self.metrics.mark(self.venue.source, f.market.symbol, stale, quiet_for)
