"""No follower of the global log ever skips an event, even with concurrent
writers whose transactions commit late (issue: gap-safe concurrent append)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.log import EventLog
from event_store.recorder import AstraRecorder

SLOW_RECORDER = "tests.integration.test_log_gap_safety:SlowCommitRecorder"


class SlowCommitRecorder(AstraRecorder):
    """Holds some append transactions open after their INSERT, before COMMIT."""

    def _append_events(
        self, conn: Any, statement: Any, params: Any, **kwargs: Any
    ) -> list[tuple[int | None, int | None]]:
        with conn.transaction():
            ids = super()._append_events(conn, statement, params)
            if (gate := kwargs.get("gate")) is not None:
                kwargs["inserted"].set()
                gate.wait(10)
            elif delay := kwargs.get("delay"):
                time.sleep(delay)
        return ids


@pytest.fixture
def slow_store(es_env: dict[str, str]) -> Iterator[EventStore]:
    app = EventStore(env={**es_env, "APPLICATION_RECORDER_TOPIC": SLOW_RECORDER, "POSTGRES_POOL_SIZE": "12"})
    yield app
    app.close()


def _new_wallet_events(count: int) -> Wallet:
    wallet = Wallet.open_for(uuid4())
    for _ in range(count - 1):
        wallet.deposit(Decimal("1.00"), "USD")
    return wallet


class Follower:
    """Follows the log the way projections do: read up to the safe head, then advance."""

    def __init__(self, log: EventLog) -> None:
        self.log, self.cursor, self.seen = log, 0, []  # type: ignore[var-annotated]

    def drain(self, timeout: float = 60) -> None:
        """Poll until past every written event (other sessions may hold the head back)."""
        deadline = time.monotonic() + timeout
        while self.cursor < self.log.last_position() and time.monotonic() < deadline:
            self.poll()
            time.sleep(0.01)

    def poll(self) -> None:
        head = self.log.head()
        while batch := self.log.read(self.cursor, head, 50):
            self.seen.extend(e.position for e in batch)
            self.cursor = batch[-1].position
        self.cursor = max(self.cursor, head)


def test_follower_sees_every_event_once_in_order_when_writers_commit_late(slow_store: EventStore) -> None:
    log, follower, stop = EventLog(slow_store), None, threading.Event()
    follower = Follower(log)

    def follow() -> None:
        while not stop.is_set():
            follower.poll()

    def write(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(25):
            delay = rng.choice([0, 0, 0, 0.01, 0.05, 0.15])  # some transactions commit late
            slow_store.save(_new_wallet_events(rng.randint(1, 3)), delay=delay)

    reader = threading.Thread(target=follow)
    reader.start()
    writers = [threading.Thread(target=write, args=(seed,)) for seed in range(8)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    reader.join()
    follower.drain()  # what committed after the last poll

    everything = [n.id for n in slow_store.recorder.select_notifications(0, 100_000)]
    assert len(everything) >= 8 * 25
    assert follower.seen == everything  # none skipped, none twice, in log order


def test_naive_reader_skips_but_safe_head_waits_when_an_earlier_transaction_commits_late(
    slow_store: EventStore,
) -> None:
    log, gate, inserted = EventLog(slow_store), threading.Event(), threading.Event()
    late = threading.Thread(target=lambda: slow_store.save(_new_wallet_events(1), gate=gate, inserted=inserted))
    late.start()
    assert inserted.wait(10)  # the late transaction has inserted (lower position) and not committed
    [early] = slow_store.save(_new_wallet_events(1))

    naive_bound = log.last_position()  # what a reader of max(position) would trust
    assert [e.position for e in log.read(0, naive_bound, 10)] == [early.notification.id]
    assert log.head() < early.notification.id  # the safe head waits for the late writer

    gate.set()
    late.join()
    follower = Follower(log)
    follower.drain()
    positions = follower.seen
    assert len(positions) == 2 and positions[0] < early.notification.id == positions[1]
    # A naive reader that advanced to naive_bound has skipped positions[0] forever.
    assert positions[0] < naive_bound
