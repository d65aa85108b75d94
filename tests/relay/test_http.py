"""The relay's /metrics and /ready: lag read from both ends at each request."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from astratrade.cli import _parser
from astratrade.commands import up_children
from relay.follower import Relay
from relay.http import serve
from relay.redis_streams import RedisStreams
from services.trading import TradingService
from services.users import UserService
from tests.relay.support import trader


@pytest.fixture
def base_url(relay: Relay) -> Iterator[str]:
    server = serve(relay, "127.0.0.1", 0, stale_after=60)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def gauge(text: str, name: str) -> float:
    [line] = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.split()[1])


def test_lag_is_scraped_and_ready_fails_while_old_events_wait_then_both_clear_when_published(
    users: UserService, trading: TradingService, relay: Relay, base_url: str
) -> None:
    # Given six events written at the test clock's time (long ago), none published yet
    trader(users, trading, "alice", deposits=2)

    metrics, ready = httpx.get(f"{base_url}/metrics"), httpx.get(f"{base_url}/ready")

    assert gauge(metrics.text, "astratrade_relay_lag_events") == 6
    assert gauge(metrics.text, "astratrade_relay_lag_seconds") > 3600
    assert gauge(metrics.text, "astratrade_relay_up") == 1
    assert ready.status_code == 503 and ready.json()["status"] == "behind"

    # When the relay publishes them
    relay.catch_up()

    metrics, ready = httpx.get(f"{base_url}/metrics"), httpx.get(f"{base_url}/ready")
    assert gauge(metrics.text, "astratrade_relay_lag_events") == 0
    assert gauge(metrics.text, "astratrade_relay_lag_seconds") == 0
    assert 'astratrade_relay_entries_total{outcome="added"} 6.0' in metrics.text
    assert ready.status_code == 200 and ready.json()["events"] == 0


def test_ready_fails_and_up_is_zero_when_redis_is_unreachable(relay: Relay) -> None:
    relay.target = RedisStreams(redis.Redis(port=1, retry=Retry(NoBackoff(), 0)), "x:")
    server = serve(relay, "127.0.0.1", 0, stale_after=60)
    try:
        ready = httpx.get(f"http://127.0.0.1:{server.server_port}/ready")
        metrics = httpx.get(f"http://127.0.0.1:{server.server_port}/metrics")
    finally:
        server.shutdown()
    assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
    assert gauge(metrics.text, "astratrade_relay_up") == 0


def test_up_runs_the_relay_in_the_worker_process_unless_disabled() -> None:
    [workers] = [c.args for c in up_children() if c.name == "workers"]
    assert workers[-2:] == ["--live-ranks", "--relay"]  # beside the social group, which builds the boards
    assert _parser().parse_args(workers).relay
    assert not any("--relay" in c.args for c in up_children(relay=False))
