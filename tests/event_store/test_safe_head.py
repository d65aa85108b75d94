"""The safe head: eventsourcing-native followers skip nothing; only this database's
transactions hold it back, and one that does is named; appends survive dropped
connections (issue 13, item 5)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, OperationalError
from fastapi.testclient import TestClient

from aggregates.trading.wallet import Wallet
from astratrade.commands import _print_head_blocker
from command_api.app import create_app
from event_store.application import EventStore
from event_store.config import eventsourcing_env
from event_store.log import EventLog
from event_store.recorder import AstraRecorder
from event_store.schema import ensure_database
from tests.api.conftest import make_settings
from tests.event_store import ISOLATED_DATABASE_URL, OTHER_DATABASE_URL
from tests.integration.test_log_gap_safety import SLOW_RECORDER
from tests.support import SteppingClock, conninfo, fresh_schema

WRITERS, SAVES_PER_WRITER, EVENTS_PER_SAVE = 8, 100, 3  # 2,400 events, as in the issue
EVERYTHING = 2**63 - 1


@pytest.fixture
def iso_env(postgres_available: None) -> Iterator[dict[str, str]]:
    with fresh_schema(ISOLATED_DATABASE_URL) as env:
        yield env


@pytest.fixture
def iso_store(iso_env: dict[str, str]) -> Iterator[EventStore]:
    app = EventStore(env=iso_env)
    yield app
    app.close()


@pytest.fixture
def slow_store(iso_env: dict[str, str]) -> Iterator[EventStore]:
    app = EventStore(env={**iso_env, "APPLICATION_RECORDER_TOPIC": SLOW_RECORDER, "POSTGRES_POOL_SIZE": "12"})
    yield app
    app.close()


@pytest.fixture
def foreign_open_transaction(postgres_available: None) -> Iterator[int]:
    """A write transaction left open by another application in another database of the server."""
    other = eventsourcing_env(OTHER_DATABASE_URL)
    ensure_database(other)
    with psycopg.connect(conninfo(other), application_name="other-app") as conn:
        row = conn.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()  # holds an xid, idle
        assert row is not None
        yield int(row[0])
        conn.rollback()


@pytest.fixture
def our_open_transaction(iso_env: dict[str, str]) -> Iterator[psycopg.Connection[Any]]:
    """A write transaction of ours left open (a big import, an idle-in-transaction client)."""
    with psycopg.connect(conninfo(iso_env), application_name="big-import") as conn:
        conn.execute("SELECT pg_current_xact_id()")
        yield conn
        conn.rollback()


def _wallet(events: int) -> Wallet:
    wallet = Wallet.open_for(uuid4())
    for _ in range(events - 1):
        wallet.deposit(Decimal("1.00"), "USD")
    return wallet


def _server_wide_head(env: dict[str, str]) -> int:
    """The safe head as main computed it: the whole server's oldest running xid."""
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        row = conn.execute("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20) - 1").fetchone()
    assert row is not None
    return int(row[0])


def test_subscribe_skips_nothing_with_8_concurrent_writers_committing_late(
    slow_store: EventStore, foreign_open_transaction: int
) -> None:
    # The other database's open transaction is older than every append below: a
    # server-wide horizon would hold the head below all of them for the whole test.
    start = slow_store.recorder.max_notification_id()
    received: list[int] = []
    subscription = slow_store.recorder.subscribe(gt=start)
    watchdog = threading.Timer(90, subscription.stop)

    def consume() -> None:
        with subscription:
            for notification in subscription:
                received.append(notification.id)
                if len(received) == WRITERS * SAVES_PER_WRITER * EVENTS_PER_SAVE:
                    break

    def write(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(SAVES_PER_WRITER):
            slow_store.save(_wallet(EVENTS_PER_SAVE), delay=rng.choice([0, 0, 0, 0, 0.005, 0.02]))

    consumer = threading.Thread(target=consume)
    consumer.start()
    watchdog.start()
    writers = [threading.Thread(target=write, args=(seed,)) for seed in range(WRITERS)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    consumer.join(90)
    watchdog.cancel()

    written = [n.id for n in slow_store.store.select_between(0, EVERYTHING, 100_000)]
    assert len(written) == 2_400
    skipped = sorted(set(written) - set(received))
    assert skipped == [] and received == written  # none skipped, none twice, in log order
    assert _server_wide_head(slow_store.env) < written[0]  # what would have stalled it


def test_max_notification_id_and_select_notifications_wait_for_a_late_commit(slow_store: EventStore) -> None:
    gate, inserted = threading.Event(), threading.Event()
    late = threading.Thread(target=lambda: slow_store.save(_wallet(1), gate=gate, inserted=inserted))
    late.start()
    assert inserted.wait(10)  # the late transaction holds a lower position, uncommitted
    [early] = slow_store.save(_wallet(1))
    recorder = slow_store.recorder

    # A follower resuming from max_notification_id() (ProjectionRunner) must not pass it.
    assert (recorder.max_notification_id() or 0) < early.notification.id
    assert recorder.select_notifications(None, 10) == []
    assert slow_store.store.max_position() == early.notification.id  # what main's readers trusted

    gate.set()
    late.join()
    ids = [n.id for n in recorder.select_notifications(None, 10)]
    assert len(ids) == 2 and ids[0] < early.notification.id == ids[1] == recorder.max_notification_id()


def test_an_open_transaction_in_another_database_holds_nothing_back(
    iso_store: EventStore, foreign_open_transaction: int
) -> None:
    [recording] = iso_store.save(_wallet(1))

    assert EventLog(iso_store).head() >= recording.notification.id
    assert [n.id for n in iso_store.recorder.select_notifications(None, 10)] == [recording.notification.id]
    assert _server_wide_head(iso_store.env) < recording.notification.id  # main: stalled
    assert iso_store.store.blocker(older_than=0) is None


def test_an_open_transaction_in_our_database_is_named_then_caught_up(
    iso_store: EventStore,
    iso_env: dict[str, str],
    our_open_transaction: psycopg.Connection[Any],
    capsys: pytest.CaptureFixture[str],
    redis_url: str,
) -> None:
    log = EventLog(iso_store)
    [recording] = iso_store.save(_wallet(1))
    assert log.head() < recording.notification.id  # held back: an older xid of ours may still write

    time.sleep(2.1)  # past STALL_AFTER_SECONDS
    blocker = iso_store.store.blocker()
    assert blocker is not None
    assert (blocker.pid, blocker.application_name, blocker.state) == (
        our_open_transaction.info.backend_pid,
        "big-import",
        "idle in transaction",
    )
    with psycopg.connect(conninfo(iso_env)) as conn:
        row = conn.execute("SELECT xact_start FROM pg_stat_activity WHERE pid = %s", (blocker.pid,)).fetchone()
    assert row is not None and blocker.since == row[0]

    settings = make_settings(redis_url, database_url=ISOLATED_DATABASE_URL, DATABASE_SCHEMA=iso_env["POSTGRES_SCHEMA"])
    _print_head_blocker(settings)  # projections status's last line
    assert (
        f"safe head held back by backend pid {blocker.pid} (big-import, idle in transaction) since "
        f"{blocker.since.isoformat()}" in capsys.readouterr().out
    )
    with TestClient(create_app(settings, store=iso_store, clock=SteppingClock())) as client:
        ready = client.get("/ready")
    assert ready.status_code == 200  # informational: the API itself is ready
    assert ready.json()["components"]["safe_head"] == {"status": "held_back", "blocked_by": blocker.as_dict()}

    our_open_transaction.commit()
    assert log.head() >= recording.notification.id
    assert [e.position for e in log.read(0, log.head(), 10)] == [recording.notification.id]
    assert iso_store.store.blocker(older_than=0) is None


def test_an_append_after_the_server_dropped_the_pooled_connections_is_retried(iso_store: EventStore) -> None:
    iso_store.save(_wallet(1))  # the pool is open and warm
    with psycopg.connect(conninfo(iso_store.env), autocommit=True) as conn:
        dropped = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert dropped is not None and dropped[0] >= 1

    wallet = _wallet(2)
    recordings = iso_store.save(wallet)

    assert [e.originator_version for e in iso_store.recorder.select_events(wallet.id)] == [1, 2]
    assert [r.notification.id for r in recordings] == [
        n.id for n in iso_store.store.select_between(0, EVERYTHING, 10) if n.originator_id == wallet.id
    ]


class LostAckRecorder(AstraRecorder):
    """The first append commits, then its connection 'drops' before the answer arrives;
    or (``intruder``) someone else's event takes the version before the retry."""

    def _append_events(
        self, conn: Any, statement: Any, params: Any, **kwargs: Any
    ) -> list[tuple[int | None, int | None]]:
        if kwargs.get("failed") is None or kwargs["failed"].is_set():
            return super()._append_events(conn, statement, params)
        kwargs["failed"].set()
        if (intruder := kwargs.get("intruder")) is not None:
            intruder()
        else:
            super()._append_events(conn, statement, params)
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def lost_ack_store(iso_env: dict[str, str]) -> Iterator[EventStore]:
    topic = "tests.event_store.test_safe_head:LostAckRecorder"
    app = EventStore(env={**iso_env, "APPLICATION_RECORDER_TOPIC": topic})
    yield app
    app.close()


def test_a_retry_that_meets_its_own_committed_first_attempt_succeeds_once(lost_ack_store: EventStore) -> None:
    wallet = _wallet(3)
    recordings = lost_ack_store.save(wallet, failed=threading.Event())

    stored = list(lost_ack_store.store.select_between(0, EVERYTHING, 10))
    assert [n.originator_version for n in stored] == [1, 2, 3]  # once, not twice
    assert [r.notification.id for r in recordings] == [n.id for n in stored]


def test_a_retry_that_meets_someone_elses_event_is_still_a_conflict(lost_ack_store: EventStore) -> None:
    owner = uuid4()
    wallet, rival = Wallet.open_for(owner), Wallet.open_for(owner)  # the same stream and version
    rivals: list[int] = []

    def intrude() -> None:
        rivals.extend(r.notification.id for r in lost_ack_store.save(rival))

    with pytest.raises(IntegrityError):
        lost_ack_store.save(wallet, failed=threading.Event(), intruder=intrude)

    assert [n.id for n in lost_ack_store.store.select_between(0, EVERYTHING, 10)] == rivals  # only the rival's
