"""Group commit (docs/adr/0007-group-commit.md): concurrent commands of one process share
a transaction, each keeps its own outcome, and nothing acknowledged is ever lost."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError
from psycopg import sql

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.group_commit import Append
from event_store.recorder import IdempotencyRecord
from event_store.schema import EVENTS_TABLE
from tests.support import conninfo

ROOT = Path(__file__).resolve().parents[2]
EVERYTHING = 2**63 - 1


@pytest.fixture
def grouped_store(es_env: dict[str, str]) -> Iterator[EventStore]:
    app = EventStore(env={**es_env, "POSTGRES_POOL_SIZE": "4", "POSTGRES_MAX_OVERFLOW": "4"})
    yield app
    app.close()


def _transactions(store: EventStore, ids: set[UUID]) -> int:
    """How many transactions wrote the events of ``ids``: a position is (xid << 20) + index."""
    return len({n.id >> 20 for n in store.store.select_between(0, EVERYTHING, 100_000) if n.originator_id in ids})


def _xact_commits(env: dict[str, str]) -> int:
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        conn.execute("SELECT pg_stat_force_next_flush()")  # our own backend's counts, now
        row = conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").fetchone()
    assert row is not None
    return int(row[0])


def _concurrently(actions: list[Any]) -> list[Any]:
    """Run each action in a thread of its own, all released at once; their results (or errors)."""
    gate = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = actions[i]()
        except Exception as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_a_hundred_concurrent_commands_commit_in_far_fewer_transactions(
    grouped_store: EventStore, es_env: dict[str, str]
) -> None:
    wallets = [Wallet.open_for(uuid4()) for _ in range(100)]
    for wallet in wallets:
        wallet.deposit(Decimal("5.00"), "USD")
    commits_before = _xact_commits(es_env)

    results = _concurrently([lambda w=w: grouped_store.save(w) for w in wallets])

    commits = _xact_commits(es_env) - commits_before
    assert all(isinstance(r, list) and len(r) == 2 for r in results), results
    ids = {w.id for w in wallets}
    transactions = _transactions(grouped_store, ids)
    assert transactions == grouped_store.store.batches_written
    assert transactions <= 25, f"{transactions} transactions for 100 commands"
    # Server side too: every transaction of this database in the meantime, ours included.
    assert commits < 60, f"pg_stat_database counted {commits} commits for 100 commands"
    # Each command got its own events' positions, in order.
    for wallet, recordings in zip(wallets, results, strict=True):
        assert [r.notification.originator_id for r in recordings] == [wallet.id, wallet.id]
        assert recordings[0].notification.id < recordings[1].notification.id


def _stale(store: EventStore, wallet_id: UUID) -> Wallet:
    """A copy of the wallet loaded before someone else's deposit: saving it must be refused."""
    stale: Wallet = store.repository.get(wallet_id)
    fresh: Wallet = store.repository.get(wallet_id)
    fresh.deposit(Decimal("1.00"), "USD")
    store.save(fresh)
    stale.deposit(Decimal("2.00"), "USD")
    return stale


def _hold_first_batch_until(store: EventStore, queued: int) -> None:
    """Make the next batch wait until ``queued`` more appends are queued behind it, so
    those share the batch after it."""
    group = store.store._group
    group.max_in_flight = 1  # one batch at a time: the next takes everything queued meanwhile
    write, first = group._write, threading.Event()

    def held(batch: list[Append]) -> None:
        if not first.is_set():
            first.set()
            deadline = time.monotonic() + 30
            while len(group._queue) < queued and time.monotonic() < deadline:
                time.sleep(0.005)
        write(batch)

    group._write = held


def test_a_conflicting_command_in_a_batch_fails_alone(grouped_store: EventStore) -> None:
    existing = Wallet.open_for(uuid4())
    grouped_store.save(existing)
    stale = _stale(grouped_store, existing.id)
    newcomers = [Wallet.open_for(uuid4()) for _ in range(20)]
    opener = Wallet.open_for(uuid4())
    _hold_first_batch_until(grouped_store, queued=21)
    batches_before = grouped_store.store.batches_written

    first = threading.Thread(target=grouped_store.save, args=(opener,))
    first.start()
    results = _concurrently([lambda w=w: grouped_store.save(w) for w in [*newcomers, stale]])
    first.join()

    assert isinstance(results[-1], IntegrityError)
    assert all(isinstance(r, list) for r in results[:-1]), results
    assert grouped_store.store.batches_written - batches_before == 2  # the opener's, then all 21 together
    assert _transactions(grouped_store, {w.id for w in newcomers}) == 1
    stored: Wallet = grouped_store.repository.get(existing.id)
    assert stored.version == 2  # the stale deposit left nothing behind
    assert stored.cash == Decimal("1.00")


def test_one_statement_decides_each_command_of_a_batch(grouped_store: EventStore) -> None:
    """The batch statement itself: refused versions and reused idempotency keys, per command."""
    recorder, mapper = grouped_store.store, grouped_store.mapper
    existing = Wallet.open_for(uuid4())
    grouped_store.save(existing)
    stale = _stale(grouped_store, existing.id)
    grouped_store.save(Wallet.open_for(uuid4()), idempotency=IdempotencyRecord("alice", "k1", "h", 200, {"a": 1}))

    def append(wallet: Wallet, key: str | None = None) -> Append:
        record = IdempotencyRecord("alice", key, "h", 201, {"n": key}) if key else None
        return Append([mapper.to_stored_event(e) for e in wallet.collect_events()], record)

    new_keyed, reused_key, stale_one, plain = (
        append(Wallet.open_for(uuid4()), "k2"),
        append(Wallet.open_for(uuid4()), "k1"),
        append(stale),
        append(Wallet.open_for(uuid4())),
    )
    batch = [new_keyed, reused_key, stale_one, plain]
    recorder._write_batch(batch)

    assert isinstance(reused_key.outcome, IntegrityError)
    assert isinstance(stale_one.outcome, IntegrityError)
    assert len(new_keyed.outcome) == 1 and len(plain.outcome) == 1
    found = recorder.find_idempotency_record("alice", "k2")
    assert found is not None and found[0].body == {"n": "k2"} and found[1] == new_keyed.outcome[-1]
    first = recorder.find_idempotency_record("alice", "k1")
    assert first is not None and first[0].status == 200  # the earlier answer stands
    stored = {(n.originator_id, n.originator_version) for n in recorder.select_between(0, EVERYTHING, 1000)}
    assert (reused_key.events[0].originator_id, 1) not in stored
    assert (stale_one.events[0].originator_id, 3) not in stored


def test_two_commands_on_one_stream_never_share_a_batch(grouped_store: EventStore) -> None:
    wallet = Wallet.open_for(uuid4())
    grouped_store.save(wallet)
    copies: list[Wallet] = [grouped_store.repository.get(wallet.id) for _ in range(10)]
    for copy in copies:
        copy.deposit(Decimal("1.00"), "USD")

    results = _concurrently([lambda c=c: grouped_store.save(c) for c in copies])

    assert sum(isinstance(r, list) for r in results) == 1  # one wins, nine conflict: no partial write
    assert all(isinstance(r, IntegrityError) for r in results if not isinstance(r, list))
    assert grouped_store.repository.get(wallet.id).cash == Decimal("1.00")


def test_followers_are_woken_by_the_batch_commit(grouped_store: EventStore, es_env: dict[str, str]) -> None:
    with psycopg.connect(conninfo(es_env), autocommit=True) as listener:
        listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(grouped_store.store.channel_name)))
        _concurrently([lambda: grouped_store.save(Wallet.open_for(uuid4())) for _ in range(5)])
        woken = list(listener.notifies(timeout=5, stop_after=1))
    assert woken, "no NOTIFY reached a listener after the batch committed"


# --------------------------------------------------------------------------- crash mid-batch
def crashing_writer_main(env_json: str) -> None:
    """Subprocess: 16 threads saving new wallets as fast as they can, printing each id once
    its save returned (acknowledged), until killed."""
    store = EventStore(env=json.loads(env_json))
    lock = threading.Lock()

    def write() -> None:
        while True:
            wallet = Wallet.open_for(uuid4())
            wallet.deposit(Decimal("3.00"), "USD")
            store.save(wallet)
            with lock:
                sys.stdout.write(f"{wallet.id}\n")
                sys.stdout.flush()

    threads = [threading.Thread(target=write, daemon=True) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_a_crash_mid_batch_loses_nothing_acknowledged(es_env: dict[str, str]) -> None:
    code = (
        "import sys; from tests.event_store.test_group_commit import crashing_writer_main; "
        "crashing_writer_main(sys.argv[1])"
    )
    env = {**es_env, "POSTGRES_POOL_SIZE": "4", "POSTGRES_MAX_OVERFLOW": "0"}
    child = subprocess.Popen(
        [sys.executable, "-c", code, json.dumps(env)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    acknowledged: list[str] = []
    buffer = b""
    try:
        while len(acknowledged) < 300:
            ready, _, _ = select.select([child.stdout], [], [], 30)
            assert ready, "the writer acknowledged nothing for 30 s"
            chunk = os.read(child.stdout.fileno(), 65536)
            assert chunk, "the writer died on its own"
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            acknowledged.extend(line.decode() for line in lines)
    finally:
        child.send_signal(signal.SIGKILL)  # mid-batch: 16 writers are always in one
        child.wait(timeout=30)

    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        stored = {
            str(row[0])
            for row in conn.execute(
                sql.SQL("SELECT DISTINCT originator_id FROM {}").format(
                    sql.Identifier(env["POSTGRES_SCHEMA"], EVENTS_TABLE)
                )
            )
        }
        batches = conn.execute(
            sql.SQL("SELECT count(DISTINCT notification_id >> 20) FROM {}").format(
                sql.Identifier(env["POSTGRES_SCHEMA"], EVENTS_TABLE)
            )
        ).fetchone()
    assert set(acknowledged) <= stored
    assert batches is not None and batches[0] < len(stored)  # they were batched


def test_the_batch_statement_is_never_planned_again(grouped_store: EventStore) -> None:
    """Planned for its parameters, the batch statement cost ~1 ms of server CPU per append;
    the writers' connections run its generic plan (recorder ``_writer``)."""
    for _ in range(8):
        grouped_store.save(Wallet.open_for(uuid4()))
    writer = grouped_store.store._writer()
    try:
        rows = writer.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE '%INSERT INTO%astratrade_events%'"
        ).fetchall()
    finally:
        grouped_store.store._writers.put(writer)
    assert rows == [{"generic_plans": 8, "custom_plans": 0}]
