"""GET /v1/stream/me through the real query API under uvicorn: each user's notifications reach every open
stream of that user and no one else's, and ``Last-Event-ID`` resumes with nothing lost or repeated."""

from __future__ import annotations

import queue
import time
from typing import Any
from uuid import UUID

import httpx
import pytest

from event_store.application import EventStore
from projections.runtime import ReadModels
from services.commands import CommandRunner
from tests.gamification.support import Desk
from tests.leaderboard.http import served
from tests.leaderboard.test_stream import Event, listening, next_event
from tests.notifications.support import Town
from tests.query_api.support import bearer


@pytest.fixture
def town(desk: Desk, runner: CommandRunner, store: EventStore) -> Town:
    return Town(desk, runner, store)


def drained(
    events: queue.Queue[Event], quiet: float = 1.0, arrivals: list[float] | None = None
) -> list[dict[str, Any]]:
    """The notifications that arrive until the stream has been quiet for ``quiet`` seconds (their
    arrival times appended to ``arrivals``)."""
    found: list[dict[str, Any]] = []
    while True:
        try:
            name, data, at = events.get(timeout=quiet)
        except queue.Empty:
            return found
        if name == "notification":
            found.append(data)
            if arrivals is not None:
                arrivals.append(at)


def kinds_and_ids(notifications: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(n["kind"], n["id"]) for n in notifications]


def test_each_users_notifications_reach_all_of_their_streams_and_only_theirs(
    town: Town, app, read_models: ReadModels, es_env: dict[str, str]
) -> None:
    alice, bob = town.desk.trader("alice"), town.desk.trader("bob")
    with served(app) as base:
        url = base + "/v1/stream/me"
        with (
            listening(url, bearer(alice, "trader")) as a1,
            listening(url, bearer(alice, "trader")) as a2,
            listening(url, bearer(bob, "trader")) as b1,
            listening(url, bearer(bob, "trader")) as b2,
        ):
            for events in (a1, a2, b1, b2):
                next_event(events, "ready", {})
            # When alice and bob each unlock achievements, and the read model commits them
            town.achieve(alice, "first_trade", 1)
            town.achieve(bob, "first_trade", 2)
            town.achieve(alice, "first_profit", 3)
            town.settle(read_models, es_env)
            arrivals: list[float] = []
            committed = time.monotonic()
            # Then both of alice's streams get exactly her two, in order, and both of bob's his one
            alice_got = [drained(a1, arrivals=arrivals), drained(a2, arrivals=arrivals)]
            bob_got = [drained(b1, arrivals=arrivals), drained(b2, arrivals=arrivals)]
    assert alice_got[0] == alice_got[1]
    assert [(n["kind"], n["data"]["achievement"]) for n in alice_got[0]] == [
        ("achievement", "first_trade"),
        ("achievement", "first_profit"),
    ]
    assert bob_got[0] == bob_got[1] and [n["data"]["achievement"] for n in bob_got[0]] == ["first_trade"]
    assert not {n["id"] for n in alice_got[0]} & {n["id"] for n in bob_got[0]}
    # within a second of the commit (the streams poll every 0.25 s)
    assert max(arrivals) - committed < 1.0, f"delivered {max(arrivals) - committed:.3f}s after the commit"


def test_a_stream_resumed_with_last_event_id_gets_the_rest_exactly_once(
    town: Town, app, read_models: ReadModels, es_env: dict[str, str]
) -> None:
    # Given alice has three notifications, and a stream that saw only the first before it dropped
    alice = town.desk.trader("alice")
    for trigger, achievement in enumerate(("first_trade", "first_profit", "ten_trades"), start=1):
        town.achieve(alice, achievement, trigger)
    town.settle(read_models, es_env)
    with served(app) as base:
        url = base + "/v1/stream/me"
        with listening(url, {**bearer(alice, "trader"), "Last-Event-ID": "0"}) as first:
            everything = drained(first)
        assert [n["data"]["achievement"] for n in everything] == ["first_trade", "first_profit", "ten_trades"]
        # When it reconnects with the first one's id as Last-Event-ID, and a fourth arrives meanwhile
        town.achieve(alice, "streak_7", 4)
        with listening(url, {**bearer(alice, "trader"), "Last-Event-ID": everything[0]["id"]}) as resumed:
            next_event(resumed, "ready", {})
            town.settle(read_models, es_env)
            rest = drained(resumed)
        # And a fresh stream without Last-Event-ID starts at the present: nothing old replayed
        with listening(url, bearer(alice, "trader")) as fresh:
            next_event(fresh, "ready", {})
            assert drained(fresh, quiet=0.8) == []
    # Then the resumed stream got the second, third and fourth, once each, in order
    assert [n["data"]["achievement"] for n in rest] == ["first_profit", "ten_trades", "streak_7"]
    assert kinds_and_ids(rest)[:2] == kinds_and_ids(everything)[1:]


@pytest.mark.parametrize("last_event_id", ["abc", "-1", "1.5", "9" * 20])
def test_a_stream_refuses_a_malformed_last_event_id_before_it_starts(app, last_event_id: str) -> None:
    with served(app) as base, httpx.Client(timeout=5) as client:
        response = client.get(
            base + "/v1/stream/me", headers={**bearer(UUID(int=5), "trader"), "Last-Event-ID": last_event_id}
        )
    assert response.status_code == 422 and response.json()["type"] == "validation_error"
