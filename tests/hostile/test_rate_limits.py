"""Per-user rate limits on the command API: 429 with Retry-After, nothing written, per user, shared by
every API process through Redis, and still enforced (per process) while Redis is down."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from command_api.app import create_app
from http_common.ratelimit import LocalBuckets
from tests.faults.servers import free_port
from tests.hostile.world import World, hostile_settings

DEPOSIT = {"amount": "1.00", "currency": "USD"}
BURST = 3
RATE = 0.5  # tokens per second: an empty bucket has its next token in 2 s


def limited_app(w: World, redis_url: str | None = None) -> FastAPI:
    settings = hostile_settings(redis_url or w.settings.redis_url, w.es_env, w.read_models.schema,
                                RATE_LIMIT_PER_SECOND=RATE, RATE_LIMIT_BURST=BURST)
    return create_app(settings, store=w.store)


@pytest.fixture
def client(hostile_world: World) -> Iterator[TestClient]:
    with TestClient(limited_app(hostile_world)) as test_client:
        yield test_client


def _events(w: World) -> int:
    return int(w.store.store.max_position() or 0)


def test_429_with_retry_after_and_nothing_written_when_a_user_exceeds_the_burst(
        hostile_world: World, client: TestClient) -> None:
    trader = hostile_world.register(f"burst{random.randrange(10**9)}")  # noqa: S311
    for _ in range(BURST):
        assert client.post("/v1/wallet/deposits", json=DEPOSIT, headers=trader.headers).status_code == 200
    before = _events(hostile_world)

    refused = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=trader.headers)

    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"] == "rate_limited"
    assert int(refused.headers["retry-after"]) == 2  # (1 token missing) ÷ 0.5 tokens/s
    assert _events(hostile_world) == before


def test_other_users_are_unaffected_when_one_user_is_limited(hostile_world: World, client: TestClient) -> None:
    noisy, quiet = (hostile_world.register(f"{n}{random.randrange(10**9)}") for n in ("noisy", "quiet"))  # noqa: S311
    statuses = [client.post("/v1/wallet/deposits", json=DEPOSIT, headers=noisy.headers).status_code
                for _ in range(BURST + 2)]
    assert statuses == [200] * BURST + [429, 429]
    assert client.post("/v1/wallet/deposits", json=DEPOSIT, headers=quiet.headers).status_code == 200


def test_the_bucket_is_shared_when_the_user_alternates_between_api_processes(hostile_world: World) -> None:
    trader = hostile_world.register(f"shared{random.randrange(10**9)}")  # noqa: S311
    with TestClient(limited_app(hostile_world)) as one, TestClient(limited_app(hostile_world)) as two:
        statuses = [(one if n % 2 else two).post("/v1/wallet/deposits", json=DEPOSIT,
                                                 headers=trader.headers).status_code for n in range(BURST + 1)]
    assert statuses == [200] * BURST + [429]


def test_anonymous_requests_are_limited_by_client_address(hostile_world: World) -> None:
    address = (f"198.51.100.{random.randrange(1, 255)}", 40000)  # noqa: S311
    wrong = {"username": "nobody-at-all", "password": "wrong password"}
    with TestClient(limited_app(hostile_world), client=address) as anonymous:
        statuses = [anonymous.post("/v1/auth/token", json=wrong).status_code for _ in range(BURST + 1)]
    assert statuses == [401] * BURST + [429]


def test_limits_still_hold_per_process_and_commands_work_when_redis_is_down(hostile_world: World) -> None:
    trader = hostile_world.register(f"noredis{random.randrange(10**9)}")  # noqa: S311
    with TestClient(limited_app(hostile_world, f"redis://127.0.0.1:{free_port()}/0")) as client:
        statuses = [client.post("/v1/wallet/deposits", json=DEPOSIT, headers=trader.headers).status_code
                    for _ in range(BURST + 1)]
    assert statuses == [200] * BURST + [429]


def test_health_and_metrics_are_never_limited(hostile_world: World, client: TestClient) -> None:
    assert {client.get("/health").status_code for _ in range(BURST * 3)} == {200}


def test_a_bucket_refills_at_its_rate_when_time_passes() -> None:
    now = [100.0]
    buckets = LocalBuckets(rate=2.0, burst=2, clock=lambda: now[0])
    assert [buckets.take("u"), buckets.take("u")] == [0.0, 0.0]
    assert buckets.take("u") == pytest.approx(0.5)  # one token missing at 2 tokens/s
    now[0] += 0.5
    assert buckets.take("u") == 0.0
    now[0] += 10
    assert [buckets.take("u"), buckets.take("u"), buckets.take("u") > 0] == [0.0, 0.0, True]  # never above burst
