"""GET /v1/stream/market/{symbol}: ticks from the log, through the market_stream projection, Redis pub/sub and
the query API's hub (uvicorn on loopback), to every subscriber; a slow one never holds back the others."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from uuid import UUID

import httpx
import pytest

from event_store.metadata import CommandContext
from projections.market_stream.projection import MarketStreamProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from projections.runtime.worker import ProjectionWorker
from query_api.app import create_app
from query_api.live import hub as hub_module
from query_api.live.hub import Hub
from services.trading import TradingService
from tests.leaderboard.http import served
from tests.leaderboard.test_stream import listening, next_event
from tests.query_api.conftest import FAST, make_settings
from tests.query_api.support import bearer
from tests.support import SteppingClock

FEED = CommandContext(actor="feed-test", correlation_id="market-stream")


@pytest.fixture
def publishing(read_models: ReadModels, es_env: dict[str, str], redis_url: str, clock: SteppingClock) -> Iterator[None]:
    """The market_stream projection's worker, following the log."""
    projection = MarketStreamProjection(redis_url, now=clock)
    migrate(read_models, [projection])
    worker = ProjectionWorker(projection, read_models, es_env)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    yield
    worker.stop.set()
    thread.join(10)


@pytest.fixture
def base(read_models: ReadModels, redis_url: str) -> Iterator[str]:
    with served(create_app(make_settings(redis_url), read_models, FAST)) as url:
        yield url


def test_every_tick_reaches_a_fast_subscriber_in_order_when_another_subscriber_stalls(
    publishing: None, base: str, trading: TradingService
):
    path = base + "/v1/stream/market/BTC-USD"
    with listening(path, bearer(UUID(int=1))) as fast, listening(path, bearer(UUID(int=2))) as slow_events:
        for events in (fast, slow_events):
            assert next_event(events, "ready", {})[1] == {"symbol": "BTC-USD", "live": True}
        # Given a third subscriber that stops reading after its first byte (a client on a dead network)
        with httpx.Client(timeout=5) as stalled, stalled.stream("GET", path, headers=bearer(UUID(int=3))) as reply:
            assert next(reply.iter_raw()).startswith(b"event: ready")
            # When 200 BTC ticks (and ETH ticks nobody here asked for) are recorded
            prices = [Decimal(60000 + i) for i in range(200)]
            for price in prices:
                trading.record_price("BTC-USD", price, FEED)
                trading.record_price("ETH-USD", Decimal(3000), FEED)
            committed = time.monotonic()
            # Then the fast subscriber gets every BTC tick, in log order, within a second
            got = [next_event(fast, "tick", {}) for _ in prices]
        assert [Decimal(e[1]["price"]) for e in got] == prices
        assert {e[1]["symbol"] for e in got} == {"BTC-USD"}
        positions = [e[1]["position"] for e in got]
        assert positions == sorted(positions)
        assert got[-1][2] - committed < 1.0, f"last tick pushed {got[-1][2] - committed:.3f}s after the commit"
        print(f"FIGURES market stream: 200 ticks, the last pushed {got[-1][2] - committed:.3f}s after its commit")
        # and the other reader, which read them all too, is no worse off for the stalled one
        assert next_event(slow_events, "tick", {"price": "60199"})


def test_the_first_tick_of_a_new_minute_streams_the_closed_candle_of_the_last_one_before_itself(
    publishing: None, base: str, trading: TradingService, clock: SteppingClock
):
    path = base + "/v1/stream/market/BTC-USD"
    with listening(path, bearer(UUID(int=1))) as events:
        assert next_event(events, "ready", {})[1]["live"] is True
        # Given four ticks inside the minute 12:00 (the clock starts at 12:00:00)
        for seconds, price, volume in ((0, "100", "2"), (20, "110", None), (20, "95", "1.5"), (15, "97", None)):
            clock.advance(seconds=seconds)
            trading.record_price("BTC-USD", Decimal(price), FEED, volume=Decimal(volume) if volume else None)
        # When the first tick of 12:01 arrives
        clock.advance(seconds=10)
        trading.record_price("BTC-USD", Decimal(101), FEED)
        for price in ("100", "110", "95", "97"):
            next_event(events, "tick", {"price": price})
        # Then the 1m candle of 12:00 closes, before the tick that closed it; no longer interval closed
        candle = next_event(events, "candle", {})[1]
        assert next_event(events, "tick", {})[1]["price"] == "101"
    assert candle["interval"] == "1m" and candle["t"] == "2026-01-05T12:00:00+00:00"
    assert (candle["open"], candle["high"], candle["low"], candle["close"]) == ("100", "110", "95", "97")
    assert Decimal(candle["volume"]) == Decimal("3.5") and candle["trades"] == 4


def test_the_stream_is_refused_without_a_token_or_with_a_malformed_symbol(base: str):
    with httpx.Client(timeout=5) as client:
        assert client.get(base + "/v1/stream/market/BTC-USD").status_code == 401
        assert client.get(base + "/v1/stream/market/btc%0A", headers=bearer(UUID(int=1))).status_code == 422


def test_a_subscriber_that_falls_a_queue_behind_loses_its_backlog_and_gets_resync_while_others_get_all():
    async def scenario() -> tuple[list[dict], list[dict]]:
        hub = Hub("redis://127.0.0.1:1/0", "unused")
        async with (
            hub.subscribe(lambda m: m["symbol"] == "BTC-USD") as quick,
            hub.subscribe(lambda m: m["symbol"] == "BTC-USD") as stuck,
        ):
            received = []
            for i in range(hub_module.QUEUE_SIZE + 10):
                hub._broadcast({"type": "tick", "symbol": "BTC-USD", "price": str(i)})
                hub._broadcast({"type": "tick", "symbol": "ETH-USD", "price": str(i)})  # filtered before queueing
                received.append(quick.get_nowait())  # the quick client keeps up
            backlog = [stuck.get_nowait() for _ in range(stuck.qsize())]
            hub.stop()
        return received, backlog

    received, backlog = asyncio.run(scenario())
    assert [m["price"] for m in received] == [str(i) for i in range(hub_module.QUEUE_SIZE + 10)]
    # the stuck one: its full queue dropped at the overflow, a resync, then what came after
    assert backlog[0] == {"type": "resync"}
    size = hub_module.QUEUE_SIZE
    assert [m["price"] for m in backlog[1:]] == [str(i) for i in range(size + 1, size + 10)]
