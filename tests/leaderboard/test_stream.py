"""Server-Sent Events through the real query API (uvicorn on loopback), fed by the real mirror."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import httpx

from projections.leaderboard.live.worker import MirrorWorker
from projections.runtime.config import ReadModels
from tests.leaderboard.http import serving
from tests.leaderboard.support import World, bearer
from tests.leaderboard.test_projection import MONDAY
from tests.support import SteppingClock

Event = tuple[str, dict[str, Any], float]  # name, data, when received (monotonic)


@contextmanager
def listening(url: str, headers: dict[str, str]) -> Iterator[queue.Queue[Event]]:
    """Reads the event stream in a thread; every event lands in the queue."""
    events: queue.Queue[Event] = queue.Queue()
    stop = threading.Event()

    def read() -> None:
        with (
            httpx.Client(timeout=httpx.Timeout(5, read=30)) as client,
            client.stream("GET", url, headers=headers) as reply,
        ):
            if reply.status_code != 200 or not reply.headers["content-type"].startswith("text/event-stream"):
                events.put(("refused", {"status": reply.status_code}, time.monotonic()))
                return
            name = ""
            for line in reply.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    events.put((name, json.loads(line[6:]), time.monotonic()))

    def guarded() -> None:
        try:
            read()
        except httpx.HTTPError:
            if not stop.is_set():
                raise

    thread = threading.Thread(target=guarded, daemon=True)
    thread.start()
    try:
        yield events
    finally:
        stop.set()


def next_event(events: queue.Queue[Event], name: str, match: dict[str, Any], timeout: float = 10) -> Event:
    deadline = time.monotonic() + timeout
    while True:
        found = events.get(timeout=max(0.01, deadline - time.monotonic()))
        if found[0] == name and all(found[1].get(k) == v for k, v in match.items()):
            return found


def test_rank_changes_reach_subscribers_of_every_process_within_a_second(
    world: World, read_models: ReadModels, redis_url: str, clock: SteppingClock, redis_client
):
    # Given two traders on the board, the mirror running, and two query API processes each with a subscriber
    world.at(MONDAY)
    alice, bob = world.register("alice"), world.register("bob")
    world.trade(bob, "100", "105")
    world.settle()
    worker = MirrorWorker(read_models, redis_url, clock=clock, poll=0.5)
    mirror = threading.Thread(target=worker.run, daemon=True)
    mirror.start()
    try:
        assert worker.synced.wait(10)
        with serving(read_models, redis_url, clock) as one, serving(read_models, redis_url, clock) as two:
            path = "/v1/stream/leaderboards/xp?window=day"
            with listening(one + path, bearer(alice)) as first, listening(two + path, bearer(bob)) as second:
                for events in (first, second):
                    _, snapshot, _ = next_event(events, "snapshot", {})
                    assert [e["username"] for e in snapshot["entries"]] == ["bob"]
                # When alice closes a profitable trade and the read models commit it
                world.trade(alice, "100", "110")
                world.settle()
                committed = time.monotonic()
                # Then both subscribers see her move to rank 1, bob to rank 2, within a second
                for events in (first, second):
                    _, moved, at = next_event(events, "rank", {"user_id": str(alice), "clan_id": None})
                    assert (moved["rank"], moved["previous_rank"], moved["value"]) == (1, None, "24")
                    assert moved["username"] == "alice" and moved["bucket"] == "2026-01-05"
                    assert at - committed < 1.0, f"pushed {at - committed:.3f}s after the commit"
    finally:
        worker.stop.set()
        mirror.join(10)


def test_the_stream_opens_with_a_snapshot_from_postgresql_when_redis_is_down(
    world: World, read_models: ReadModels, clock: SteppingClock
):
    alice = world.at(MONDAY).register("alice")
    world.trade(alice, "100", "110")
    world.settle()
    with serving(read_models, "redis://127.0.0.1:1/0", clock) as base:
        with listening(base + "/v1/stream/leaderboards/realized_pnl", bearer(alice)) as events:
            _, snapshot, _ = next_event(events, "snapshot", {})
    assert snapshot["source"] == "postgres"
    assert [(e["username"], e["value"]) for e in snapshot["entries"]] == [("alice", "9.79")]


def test_a_stream_refuses_bad_input_before_it_starts(read_models: ReadModels, redis_url: str, clock: SteppingClock):
    with serving(read_models, redis_url, clock) as base, httpx.Client(timeout=5) as client:
        headers = bearer(UUID(int=5))
        assert client.get(base + "/v1/stream/leaderboards/xp").status_code == 401
        assert client.get(base + "/v1/stream/leaderboards/karma", headers=headers).status_code == 422
        assert client.get(base + "/v1/stream/leaderboards/xp?window=year", headers=headers).status_code == 422
        lagging = client.get(base + "/v1/stream/leaderboards/xp?min_position=999999999999999", headers=headers)
        assert lagging.status_code == 503
