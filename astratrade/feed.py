"""``astratrade feed``: one connector thread per exchange of FEED_EXCHANGES, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging
import signal
import threading

from prometheus_client import start_http_server

from astratrade.settings import Settings
from event_store.application import EventStore
from services.commands import CommandRunner
from services.feed.connector import Connector, Pacing
from services.feed.health import FeedMetrics
from services.feed.sink import TickSink
from services.feed.symbols import parse_symbols
from services.feed.venue import Venue
from services.trading import TradingService

log = logging.getLogger(__name__)


def connectors(
    settings: Settings, trading: TradingService, metrics: FeedMetrics, stop: threading.Event
) -> list[Connector]:
    """A connector per configured exchange (ValueError for an unknown exchange or a bad symbol list)."""
    markets = parse_symbols(settings.feed_symbols)
    pacing = Pacing(settings.feed_min_interval_seconds, settings.feed_stale_after_seconds)
    built = []
    for exchange_id in filter(None, (e.strip() for e in settings.feed_exchanges.split(","))):
        venue = Venue(exchange_id, settings.feed_timeout_seconds, settings.feed_api_url)
        built.append(Connector(venue, markets, TickSink(trading, venue.source), pacing, metrics, stop))
    if not built:
        raise ValueError("FEED_EXCHANGES names no exchange (e.g. FEED_EXCHANGES=binance)")
    return built


def run(settings: Settings) -> int:
    stop, metrics = threading.Event(), FeedMetrics()
    store = EventStore(env=settings.eventsourcing_env())
    try:
        try:
            running = connectors(settings, TradingService(CommandRunner(store)), metrics, stop)
        except ValueError as error:
            log.error("feed: configuration error: %s", error)
            return 2
        if settings.feed_metrics_port:
            start_http_server(settings.feed_metrics_port, addr=settings.host, registry=metrics.registry)
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        threads = [threading.Thread(target=c.run, name=f"feed:{c.venue.exchange_id}", daemon=True) for c in running]
        for thread in threads:
            thread.start()
        try:
            while not stop.wait(1.0):
                if not all(thread.is_alive() for thread in threads):  # a bug, not a venue error: let `up` restart us
                    log.error("feed: a connector thread died; exiting")
                    return 1
        except KeyboardInterrupt:
            pass
        stop.set()
        for thread in threads:
            thread.join(10)
    finally:
        store.close()
    return 0
