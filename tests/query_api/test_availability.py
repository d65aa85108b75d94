"""Availability of the query API under hostile load, over a real socket (uvicorn on loopback): waits for an
unreachable ``min_position`` hold no thread, at most 10 run at once per user, and reads are rate limited."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import httpx
import pytest

from astratrade.settings import Settings
from projections.runtime.config import ReadModels
from query_api.app import create_app
from query_api.container import QueryOptions
from tests.leaderboard.http import served
from tests.query_api.conftest import make_settings
from tests.query_api.support import Traders, bearer

UNREACHABLE = 2**62  # a log position no projection will reach during the test
WAIT = QueryOptions(wait_timeout=5.0)  # the production default


@pytest.fixture
def server(redis_url: str, read_models: ReadModels) -> Iterator[str]:
    settings = make_settings(redis_url, QUERY_RATE_LIMIT_PER_SECOND=0)
    with served(create_app(settings, read_models, WAIT)) as base:
        yield base


def _waits(base: str, users: list[uuid.UUID], per_user: int, statuses: list[int]) -> threading.Thread:
    """``per_user`` concurrent unreachable waits of each of ``users``, each on a connection of its own, in a
    thread that returns once every request is written (its status lands in ``statuses`` later)."""
    url = urlparse(base)
    written = threading.Event()

    async def one(user: uuid.UUID) -> int:
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        auth = bearer(user)["Authorization"]
        writer.write(
            f"GET /v1/portfolios/me?min_position={UNREACHABLE} HTTP/1.1\r\nHost: test\r\n"
            f"Authorization: {auth}\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        sent.append(user)
        if len(sent) == len(users) * per_user:
            written.set()
        status = int((await reader.readline()).split()[1])
        writer.close()
        return status

    async def run() -> None:
        statuses.extend(await asyncio.gather(*(one(user) for user in users for _ in range(per_user))))

    sent: list[uuid.UUID] = []
    thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
    thread.start()
    assert written.wait(30), "the waits were not all sent"
    time.sleep(0.5)  # and read by the server
    return thread


def test_another_users_read_answers_promptly_while_200_unreachable_waits_are_pending(server: str, traders: Traders):
    # Given 200 concurrent reads (20 users × 10) waiting for a position the read model will not reach in 5 s
    statuses: list[int] = []
    waiting = _waits(server, [uuid.uuid4() for _ in range(20)], 10, statuses)
    # When another user reads her portfolio
    began = time.monotonic()
    reply = httpx.get(f"{server}/v1/portfolios/me", headers=bearer(traders.alice), timeout=30)
    took = time.monotonic() - began
    # Then she is answered at once (no thread is held by a wait), and every wait ended with 503 after its budget
    assert reply.status_code == 200, reply.text
    assert took < 1.0, f"a plain read took {took:.2f} s behind the waits"
    waiting.join(30)
    assert statuses == [503] * 200


def test_the_11th_concurrent_wait_of_one_user_gets_429_while_others_still_wait(server: str):
    # Given one user with 10 waits in progress
    mallory, other = uuid.uuid4(), uuid.uuid4()
    statuses: list[int] = []
    waiting = _waits(server, [mallory], 10, statuses)
    # When she starts an 11th, and another user starts one
    eleventh = httpx.get(f"{server}/v1/portfolios/me?min_position={UNREACHABLE}", headers=bearer(mallory), timeout=30)
    others: list[int] = []
    _waits(server, [other], 1, others).join(30)
    # Then hers is refused at once with 429 and Retry-After, the other user's waits its budget out (503)
    assert eleventh.status_code == 429, eleventh.text
    assert eleventh.headers["content-type"] == "application/problem+json"
    assert eleventh.json()["type"] == "too_many_waits"
    assert int(eleventh.headers["retry-after"]) >= 1
    assert others == [503]
    waiting.join(30)
    assert statuses == [503] * 10
    # And once her waits are over she may wait again
    again = httpx.get(f"{server}/v1/portfolios/me?min_position={UNREACHABLE}", headers=bearer(mallory), timeout=30)
    assert again.status_code == 503


def _limited(redis_url: str) -> Settings:
    return make_settings(redis_url, QUERY_RATE_LIMIT_PER_SECOND=0.5, QUERY_RATE_LIMIT_BURST=3)


def test_429_rate_limited_with_retry_after_when_a_user_exceeds_the_query_burst(
    redis_url, read_models, make_client, traders: Traders
):
    # Given the query API with a burst of 3 reads and 0.5 reads/s per user
    client = make_client(WAIT, _limited(redis_url))
    noisy = uuid.uuid4()
    # When one user reads 5 times at once, and another user reads once
    statuses = [client.get("/v1/projections", headers=bearer(noisy)).status_code for _ in range(5)]
    refused = client.get("/v1/projections", headers=bearer(noisy))
    quiet = client.get(f"/v1/portfolios/{traders.alice}", headers=bearer(traders.alice))
    # Then the first user's reads beyond the burst get 429 with Retry-After; the other user is unaffected
    assert statuses == [200] * 3 + [429] * 2
    assert refused.json()["type"] == "rate_limited"
    assert int(refused.headers["retry-after"]) == 2  # (1 token missing) ÷ 0.5 tokens/s
    assert quiet.status_code == 200
