"""What the connector reports about its sources: ticks by outcome, venue errors by kind, stale symbols.

A symbol is stale once its venue has given no new quote (a later exchange timestamp) for
``stale_after`` seconds, whatever the reason: the market is quiet, the venue answers
errors, or it does not answer at all. Marking it is the connector's report (a warning
and ``astratrade_feed_stale`` = 1); refusing trades on a stale instrument is the
instrument's ``stale_after_seconds`` rule, enforced by the trading services.
"""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry, Counter, Gauge

log = logging.getLogger(__name__)


class FeedMetrics:
    """The connector process's Prometheus metrics (served on FEED_METRICS_PORT when set)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.ticks = Counter(
            "astratrade_feed_ticks",
            "Quotes handed to the command path, by outcome "
            "(recorded, duplicate: that exchange timestamp was already recorded, refused)",
            ["source", "symbol", "outcome"],
            registry=self.registry,
        )
        self.errors = Counter(
            "astratrade_feed_venue_errors",
            "Ticker requests that failed, by kind (rate_limited, timeout, bad_payload, unavailable, recording)",
            ["source", "symbol", "kind"],
            registry=self.registry,
        )
        self.stale = Gauge(
            "astratrade_feed_stale",
            "1 while a symbol's source has been quiet longer than FEED_STALE_AFTER_SECONDS",
            ["source", "symbol"],
            registry=self.registry,
        )

    def mark(self, source: str, symbol: str, stale: bool, quiet_for: float) -> None:
        """Report a change of a symbol's staleness (the caller reports changes only)."""
        self.stale.labels(source, symbol).set(1 if stale else 0)
        if stale:
            log.warning("feed %s: %s is stale: no new quote for %.1fs", source, symbol, quiet_for)
        else:
            log.info("feed %s: %s is live again", source, symbol)
