"""Per-user rate limits on the command API: 429 with Retry-After, nothing written, per user, shared by
every API process through Redis, and still enforced (per process) while Redis is down."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from command_api.app import create_app
from http_common.ratelimit import LocalBuckets, RateLimit
from tests.faults.servers import free_port
from tests.hostile.world import World, hostile_settings

DEPOSIT = {"amount": "1.00", "currency": "USD"}
BURST = 3
RATE = 0.5  # tokens per second: an empty bucket has its next token in 2 s


def limited_app(w: World, redis_url: str | None = None) -> FastAPI:
    settings = hostile_settings(
        redis_url or w.settings.redis_url,
        w.es_env,
        w.read_models.schema,
        RATE_LIMIT_PER_SECOND=RATE,
        RATE_LIMIT_BURST=BURST,
    )
    return create_app(settings, store=w.store)


@pytest.fixture
def client(hostile_world: World) -> Iterator[TestClient]:
    with TestClient(limited_app(hostile_world)) as test_client:
        yield test_client


def _events(w: World) -> int:
    return int(w.store.store.max_position() or 0)


def test_429_with_retry_after_and_nothing_written_when_a_user_exceeds_the_burst(
    hostile_world: World, client: TestClient
) -> None:
    trader = hostile_world.register(f"burst{random.randrange(10**9)}")
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
    noisy, quiet = (hostile_world.register(f"{n}{random.randrange(10**9)}") for n in ("noisy", "quiet"))
    statuses = [
        client.post("/v1/wallet/deposits", json=DEPOSIT, headers=noisy.headers).status_code for _ in range(BURST + 2)
    ]
    assert statuses == [200] * BURST + [429, 429]
    assert client.post("/v1/wallet/deposits", json=DEPOSIT, headers=quiet.headers).status_code == 200


def test_the_bucket_is_shared_when_the_user_alternates_between_api_processes(hostile_world: World) -> None:
    trader = hostile_world.register(f"shared{random.randrange(10**9)}")
    with TestClient(limited_app(hostile_world)) as one, TestClient(limited_app(hostile_world)) as two:
        statuses = [
            (one if n % 2 else two).post("/v1/wallet/deposits", json=DEPOSIT, headers=trader.headers).status_code
            for n in range(BURST + 1)
        ]
    assert statuses == [200] * BURST + [429]


def test_anonymous_requests_are_limited_by_client_address(hostile_world: World) -> None:
    address = (f"198.51.100.{random.randrange(1, 255)}", 40000)
    wrong = {"username": "nobody-at-all", "password": "wrong password"}
    with TestClient(limited_app(hostile_world), client=address) as anonymous:
        statuses = [anonymous.post("/v1/auth/token", json=wrong).status_code for _ in range(BURST + 1)]
    assert statuses == [401] * BURST + [429]


def test_limits_still_hold_per_process_and_commands_work_when_redis_is_down(hostile_world: World) -> None:
    trader = hostile_world.register(f"noredis{random.randrange(10**9)}")
    with TestClient(limited_app(hostile_world, f"redis://127.0.0.1:{free_port()}/0")) as client:
        statuses = [
            client.post("/v1/wallet/deposits", json=DEPOSIT, headers=trader.headers).status_code
            for _ in range(BURST + 1)
        ]
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


async def _no_app(scope: object, receive: object, send: object) -> None:
    """Never reached: these tests call the limiter's token taking directly."""


def test_leased_tokens_never_admit_more_than_the_limit_across_processes(redis_url: str) -> None:
    """Two API processes leasing tokens of one user's bucket (no refill to speak of): together they
    admit at most the burst, at least the burst less the tokens still held in their leases, and
    ask Redis far less often than once a request while the bucket is far from empty."""
    prefix = f"test:lease:{random.randrange(10**12)}:"
    calls: list[int] = []

    async def run() -> list[float]:
        processes = [
            RateLimit(_no_app, rate=0.001, burst=200, redis_url=redis_url, key_prefix=prefix) for _ in range(2)
        ]
        for limiter in processes:
            shared = limiter.shared.shared

            async def counted(key: str, want: int, lease: Any = shared.lease) -> tuple[int, float]:
                calls.append(want)
                return await lease(key, want)

            shared.lease = counted  # type: ignore[method-assign]
        waits = []
        for n in range(260):
            waits.append(await processes[n % 2]._take("user:u"))
            if n == 99:
                calls.append(0)  # marks where the first hundred requests ended
        return waits

    waits = asyncio.run(run())

    lease = 200 // 20
    admitted = sum(1 for wait in waits if wait == 0)
    assert 200 - 2 * (lease - 1) <= admitted <= 200
    assert all(wait > 0 for wait in waits[admitted + 2 * (lease - 1) :])  # once empty, refused with a wait
    assert calls.index(0) <= 100 // lease + 2  # far from empty: one Redis call per lease of 10
