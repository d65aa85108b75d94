"""The ccxt connector against a local fake Binance: every new exchange timestamp recorded once, through the
command path, whatever the venue answers in between (429 with Retry-After, a timeout, malformed JSON)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import psycopg
import pytest

from aggregates.trading.market_price import MarketPrice
from astratrade.feed import connectors
from astratrade.settings import Settings
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from services.feed.connector import Connector, Pacing
from services.feed.health import FeedMetrics
from services.feed.sink import TickSink
from services.feed.symbols import SymbolMap
from services.feed.venue import BadPayload, Venue, parse_quote
from services.trading import TradingService
from tests.feed.fake_binance import FakeBinance, Step, fake_binance, tick

BTC = SymbolMap("BTC/USDT", "BTC-USD")
FAST = Pacing(min_interval=0.05, stale_after=0.6, retry_base=0.05)
T0 = 1_764_633_600_000


def ticks(store: EventStore) -> list[LoggedEvent]:
    log = EventLog(store)
    topics = (MarketPrice.Listed.TOPIC, MarketPrice.Ticked.TOPIC)
    return log.read(after=0, upto=log.head(), limit=1000, topics=topics)


def prices(store: EventStore) -> list[Decimal]:
    return [e.event.price for e in ticks(store)]  # type: ignore[attr-defined]


def wait_for(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@contextmanager
def following(
    base: str, sink: TickSink | None, trading: TradingService, metrics: FeedMetrics | None = None
) -> Iterator[Connector]:
    venue = Venue("binance", timeout_seconds=0.5, api_url=base)
    connector = Connector(venue, [BTC], sink or TickSink(trading, venue.source), FAST, metrics or FeedMetrics())
    thread = threading.Thread(target=connector.run, daemon=True)
    thread.start()
    try:
        yield connector
    finally:
        connector.stop.set()
        thread.join(5)


def sample(metrics: FeedMetrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, {"source": "ccxt:binance", "symbol": "BTC-USD", **labels})


def test_every_new_quote_is_recorded_once_when_the_venue_rate_limits_times_out_and_sends_garbage(
    store: EventStore, trading: TradingService
):
    # Given a venue whose answers mix four quotes with a 429, a timeout, malformed JSON and repeats
    script = [
        tick(T0, "60000.10"),
        Step("rate_limited", retry_after=1),
        tick(T0 + 1000, "60010.20"),
        Step("timeout"),
        tick(T0 + 1000, "60010.20"),
        Step("malformed"),
        tick(T0 + 2000, "60020.30"),
        tick(T0 + 2000, "60020.30"),
        Step("timeout"),
        tick(T0 + 3000, "60030.40"),
    ]
    fake, metrics = FakeBinance(script), FeedMetrics()
    with fake_binance(fake) as base, following(base, None, trading, metrics) as connector:
        # When the connector follows it until the script is done
        wait_for(lambda: connector.followed[0].last_timestamp == T0 + 3000)
    # Then each exchange timestamp is one tick, in order, with the venue's exact price
    assert prices(store) == [Decimal("60000.10"), Decimal("60010.20"), Decimal("60020.30"), Decimal("60030.40")]
    assert connector.followed[0].recorded == [T0, T0 + 1000, T0 + 2000, T0 + 3000]
    # recorded through the command path, naming the connector and its source
    meta = ticks(store)[-1].event.__dict__["_meta"]
    assert (meta["actor"], meta["source"], meta["idempotency_key"]) == (
        "feed:ccxt:binance",
        "ccxt:binance",
        f"BTC-USD:{T0 + 3000}",
    )
    # and the 429's Retry-After was honoured before the venue was asked again
    times = [at for at, _ in fake.served]
    limited = [kind for _, kind in fake.served].index("rate_limited")
    assert times[limited + 1] - times[limited] >= 0.95
    for kind, count in (("rate_limited", 1), ("timeout", 2), ("bad_payload", 1)):
        assert sample(metrics, "astratrade_feed_venue_errors_total", kind=kind) == count


def test_a_quote_is_not_recorded_twice_when_the_answer_to_its_commit_is_lost(
    store: EventStore, trading: TradingService
):
    # Given a command path that commits the first tick, then fails as if the connection dropped before
    # the connector heard the answer
    class LosingFirstAnswer(TickSink):
        failed = False

        def record(self, symbol: str, price: Decimal, timestamp: int):
            outcome = super().record(symbol, price, timestamp)
            if not LosingFirstAnswer.failed:
                LosingFirstAnswer.failed = True
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return outcome

    fake, metrics = FakeBinance([tick(T0, "60000.00"), tick(T0 + 1000, "60001.00")]), FeedMetrics()
    with (
        fake_binance(fake) as base,
        following(base, LosingFirstAnswer(trading, "ccxt:binance"), trading, metrics) as connector,
    ):
        wait_for(lambda: connector.followed[0].last_timestamp == T0 + 1000)
    # Then the retry (same idempotency key) found the first tick recorded: two ticks, not three
    assert prices(store) == [Decimal("60000.00"), Decimal("60001.00")]
    assert sample(metrics, "astratrade_feed_ticks_total", outcome="duplicate") == 1
    assert sample(metrics, "astratrade_feed_venue_errors_total", kind="recording") == 1


def test_a_restarted_connector_records_nothing_again_when_the_venue_repeats_its_last_quote(
    store: EventStore, trading: TradingService
):
    fake = FakeBinance([tick(T0, "60000.00")])
    with fake_binance(fake) as base:
        with following(base, None, trading) as first:
            wait_for(lambda: first.followed[0].last_timestamp == T0)
        # When a new connector process (no memory of the last timestamp) sees the same quote
        metrics = FeedMetrics()
        with following(base, None, trading, metrics) as second:
            wait_for(lambda: second.followed[0].last_timestamp == T0)
    # Then the log holds it once
    assert prices(store) == [Decimal("60000.00")]
    assert sample(metrics, "astratrade_feed_ticks_total", outcome="duplicate") == 1


def test_a_symbol_is_marked_stale_and_live_again_when_its_source_goes_quiet_then_moves(
    store: EventStore, trading: TradingService, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="services.feed.health")
    fake, metrics = FakeBinance([tick(T0, "60000.00")]), FeedMetrics()  # then the same quote, forever
    with fake_binance(fake) as base, following(base, None, trading, metrics) as connector:
        wait_for(lambda: connector.followed[0].last_timestamp == T0)
        assert sample(metrics, "astratrade_feed_stale") == 0
        # When no new timestamp comes for longer than stale_after (0.6 s)
        wait_for(lambda: sample(metrics, "astratrade_feed_stale") == 1, timeout=3)
        assert "BTC-USD is stale" in caplog.text
        # Then a new quote makes it live again
        fake.extend(tick(T0 + 5000, "60005.00"))
        wait_for(lambda: sample(metrics, "astratrade_feed_stale") == 0, timeout=3)
    assert "BTC-USD is live again" in caplog.text
    assert prices(store) == [Decimal("60000.00"), Decimal("60005.00")]


def test_a_tick_beyond_the_price_band_is_refused_and_not_retried_when_the_venue_jumps(
    store: EventStore, trading: TradingService
):
    fake, metrics = (
        FakeBinance([tick(T0, "100.00"), tick(T0 + 1000, "500.00"), tick(T0 + 2000, "101.00")]),
        FeedMetrics(),
    )
    with fake_binance(fake) as base, following(base, None, trading, metrics) as connector:
        wait_for(lambda: connector.followed[0].last_timestamp == T0 + 2000)
    assert prices(store) == [Decimal("100.00"), Decimal("101.00")]  # a feed never forces past the band
    assert sample(metrics, "astratrade_feed_ticks_total", outcome="refused") == 1


def test_a_ticker_without_a_last_price_is_a_bad_payload_when_parsed():
    with pytest.raises(BadPayload):
        parse_quote({"timestamp": T0, "last": None})
    with pytest.raises(BadPayload):
        parse_quote({"timestamp": None, "last": "1.0"})
    assert parse_quote({"timestamp": T0, "last": "1.123456789"}).price == Decimal("1.12345679")


def test_feed_settings_build_one_connector_per_exchange_that_records_when_stepped(
    store: EventStore, trading: TradingService
):
    fake = FakeBinance([tick(T0, "60000.00")])
    with fake_binance(fake) as base:
        settings = Settings(
            ASTRATRADE_ENV="test",
            JWT_SECRET="j" * 40,
            CLAIM_KEY="c" * 40,  # type: ignore[call-arg]
            FEED_EXCHANGES="binance",
            FEED_SYMBOLS="BTC/USDT=XBT-USD",
            FEED_API_URL=base,
            FEED_MIN_INTERVAL_SECONDS=0.5,
            FEED_STALE_AFTER_SECONDS=5,
        )
        [connector] = connectors(settings, trading, FeedMetrics(), threading.Event())
        connector.step(connector.followed[0])
    assert connector.pacing == Pacing(0.5, 5.0)
    assert [(e.event.symbol, e.event.price) for e in ticks(store)] == [("XBT-USD", Decimal("60000.00"))]  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="no exchange"):
        connectors(
            settings.model_copy(update={"feed_exchanges": "nosuchvenue"}), trading, FeedMetrics(), threading.Event()
        )
