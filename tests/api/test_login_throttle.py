"""Login throttling and the bound on password hashing (api.md "Abuse limits"), over HTTP on real Redis."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from command_api.app import create_app
from command_api.login_counters import Limit, LocalCounters
from event_store.application import EventStore
from services import passwords
from tests.api.conftest import make_settings
from tests.api.support import PASSWORD, assert_problem, register
from tests.faults.servers import free_port
from tests.support import SteppingClock

WRONG = "not the right password"
ATTACKER, VICTIM = ("203.0.113.66", 50000), ("198.51.100.7", 50000)

AppMaker = Callable[..., FastAPI]


@pytest.fixture
def make_app(redis_url: str, store: EventStore, clock: SteppingClock) -> AppMaker:
    def make(redis: str | None = None, **overrides: object) -> FastAPI:
        return create_app(make_settings(redis or redis_url, **overrides), store=store, clock=clock)

    return make


@pytest.fixture
def alice(client: TestClient) -> str:
    return register(client, "alice")


def _login(client: TestClient, password: str, username: str = "alice") -> httpx.Response:
    return client.post("/v1/auth/token", json={"username": username, "password": password})


def test_429_with_retry_after_when_an_account_had_5_failures(client: TestClient, alice: str) -> None:
    statuses = [_login(client, WRONG).status_code for _ in range(5)]

    refused = _login(client, PASSWORD)  # even the right password is not checked while blocked

    assert statuses == [401] * 5
    assert_problem(refused, 429, "login_throttled")
    assert int(refused.headers["retry-after"]) >= 1


def test_retry_after_grows_when_failures_go_on_after_the_block(client: TestClient, alice: str) -> None:
    for _ in range(5):
        _login(client, WRONG)
    first = int(_login(client, WRONG).headers["retry-after"])
    time.sleep(first + 0.1)

    assert _login(client, WRONG).status_code == 401  # the block is over: checked, and a 6th failure
    second = int(_login(client, WRONG).headers["retry-after"])

    assert (first, second) == (1, 2)


def test_failure_count_resets_when_the_owner_signs_in(client: TestClient, alice: str) -> None:
    for _ in range(4):
        assert _login(client, WRONG).status_code == 401
    assert _login(client, PASSWORD).status_code == 200

    statuses = [_login(client, WRONG).status_code for _ in range(4)]

    assert statuses == [401] * 4 and _login(client, PASSWORD).status_code == 200


def test_owner_signs_in_from_her_address_when_another_address_is_throttled(make_app: AppMaker, alice: str) -> None:
    with TestClient(make_app(), client=ATTACKER) as attacker, TestClient(make_app(), client=VICTIM) as victim:
        assert [_login(attacker, WRONG).status_code for _ in range(6)][-1] == 429

        assert _login(victim, PASSWORD).status_code == 200


def test_429_for_an_address_when_it_fails_on_many_accounts(make_app: AppMaker, client: TestClient) -> None:
    for name in ("bob", "carol", "dave", "erin"):
        register(client, name)
    with TestClient(make_app(LOGIN_FAILURES_PER_ADDRESS=3), client=ATTACKER) as stuffer:
        statuses = [_login(stuffer, WRONG, name).status_code for name in ("bob", "carol", "dave", "erin")]

    assert statuses == [401, 401, 401, 429]


def test_account_ceiling_spares_a_known_address_when_many_addresses_guess(make_app: AppMaker, alice: str) -> None:
    # Given alice once signed in from her own address
    app = make_app(LOGIN_ACCOUNT_CEILING=3)
    with TestClient(app, client=VICTIM) as victim:
        assert _login(victim, PASSWORD).status_code == 200
    # When a botnet fails on her account from three addresses, one guess each
    for n in range(3):
        with TestClient(app, client=(f"203.0.113.{n}", 50000)) as bot:
            assert _login(bot, WRONG).status_code == 401

    # Then a new address is throttled (for at most a minute), her own address is not
    with TestClient(app, client=("203.0.113.99", 50000)) as newcomer, TestClient(app, client=VICTIM) as victim:
        refused = _login(newcomer, PASSWORD)
        assert _login(victim, PASSWORD).status_code == 200
    assert_problem(refused, 429, "login_throttled")
    assert int(refused.headers["retry-after"]) <= 60


def test_counts_are_shared_when_attempts_alternate_between_api_processes(make_app: AppMaker, alice: str) -> None:
    with TestClient(make_app()) as one, TestClient(make_app()) as two:
        statuses = [_login(one if n % 2 else two, WRONG).status_code for n in range(6)]

    assert statuses == [401] * 5 + [429]


def test_still_throttled_in_process_when_redis_is_down(make_app: AppMaker, alice: str) -> None:
    with TestClient(make_app(f"redis://127.0.0.1:{free_port()}/0")) as client:
        statuses = [_login(client, WRONG).status_code for _ in range(6)]

        assert statuses == [401] * 5 + [429]
        assert _login(client, PASSWORD).status_code == 429


def test_503_with_retry_after_at_once_and_nothing_counted_when_every_hashing_slot_is_busy(
    client: TestClient, alice: str
) -> None:
    taken = [passwords._SLOTS.acquire(timeout=5) for _ in range(passwords.HASHING_SLOTS)]
    try:
        started = time.monotonic()
        busy = [_login(client, WRONG) for _ in range(6)]
        elapsed = time.monotonic() - started
    finally:
        for _ in taken:
            passwords._SLOTS.release()

    assert_problem(busy[-1], 503, "password_check_busy")
    assert {r.status_code for r in busy} == {503} and busy[-1].headers["retry-after"] == "1"
    assert elapsed < 6 * (passwords.HASHING_WAIT + 0.5)  # each refused after a bounded wait, not queued
    assert _login(client, PASSWORD).status_code == 200  # the refused attempts were not counted as failures


def test_flood_gets_429s_and_another_user_is_served_promptly_over_real_http(
    base_url: str, client: TestClient, alice: str
) -> None:
    # Given bob, a trader with his own account
    register(client, "bob")
    stop, answered = threading.Event(), threading.Semaphore(0)

    def flood(_: int) -> list[int]:
        statuses: list[int] = []
        with httpx.Client(base_url=base_url, timeout=30) as http:
            while not stop.is_set() and len(statuses) < 200:  # bounded in count, and ends with the test
                statuses.append(http.post("/v1/auth/token", json={"username": "alice", "password": WRONG}).status_code)
                answered.release()
        return statuses

    # When wrong passwords for alice pour in on 8 connections at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        flooding = [pool.submit(flood, n) for n in range(8)]
        for _ in range(100):  # well into the flood
            assert answered.acquire(timeout=30)
        # ...bob signs in and deposits meanwhile
        with httpx.Client(base_url=base_url, timeout=30) as http:
            started = time.monotonic()
            login = http.post("/v1/auth/token", json={"username": "bob", "password": PASSWORD})
            logged_in = time.monotonic() - started
            token = {"Authorization": f"Bearer {login.json().get('access_token')}"}
            deposit = http.post("/v1/wallet/deposits", json={"amount": "10.00", "currency": "USD"}, headers=token)
            deposited = time.monotonic() - started
        flood_ran_on = not any(f.done() for f in flooding)
        stop.set()
        statuses = [status for f in flooding for status in f.result()]

    print(
        f"FIGURES login flood: {len(statuses)} wrong passwords on 8 connections: {statuses.count(401)} checked "
        f"(401), {statuses.count(429)} throttled (429), {statuses.count(503)} busy (503); meanwhile another user's "
        f"login {logged_in * 1000:.0f} ms, login + deposit {deposited * 1000:.0f} ms"
    )
    # Then bob is served promptly, and the flood is refused with 429s, almost none of it hashed
    assert login.status_code == 200 and deposit.status_code == 200, (login.text, deposit.text)
    assert logged_in < 5.0 and deposited < 5.0, (logged_in, deposited)  # generous: a check, not a benchmark
    assert flood_ran_on
    assert set(statuses) <= {401, 429, 503}
    assert statuses.count(429) >= len(statuses) - 20 and statuses.count(401) <= 15, statuses.count(401)


def test_in_process_blocks_double_up_to_their_cap_when_failures_go_on() -> None:
    now = [1000.0]
    counters, limit = LocalCounters(clock=lambda: now[0]), Limit("k", threshold=2, cap_ms=5000)
    assert counters.charge([limit]) == 0  # the one free failure
    waits = []
    for _ in range(5):
        assert counters.charge([limit]) == 0  # not blocked: charged (and reaching the threshold, blocks)
        waits.append(counters.charge([limit]))  # the next attempt, at once, is refused for this long
        now[0] += waits[-1] / 1000

    assert waits == [1000, 2000, 4000, 5000, 5000]
