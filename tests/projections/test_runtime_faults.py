"""Workers survive kill -9, lost connections and poison events without a gap or a duplicate."""

from __future__ import annotations

import signal
from decimal import Decimal

import psycopg
from psycopg import sql

from aggregates.trading.wallet import Wallet, wallet_id
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.runtime import ProjectionWorker, projection_status, wait_for
from projections.runtime.config import conninfo_of
from tests.projections.conftest import (
    FAST,
    POISON,
    PoisonHaltTotals,
    PoisonSkipTotals,
    PoisonSqlTotals,
    SlowWalletTotals,
    WalletTotals,
    applied_positions,
    handled_positions,
    rows,
    running,
    spawn_worker,
    totals,
    tracked,
    wait_until,
)

CTX = CommandContext(actor="test")


def _deposit_backlog(store, owners, per_owner):
    """Many deposits in few big transactions (fast): a backlog to catch up on."""
    wallets = [store.repository.get(wallet_id(owner)) for owner in owners]
    for _ in range(per_owner):
        for wallet in wallets:
            wallet.deposit(Decimal("1.00"), "USD")
    store.save(*wallets)


def test_resumes_without_gap_or_duplicate_when_worker_is_killed_mid_batch(store, open_wallets, read_models, es_env):
    # Given a backlog of 1,500 deposits and a (slow) worker process catching up on it
    owners = open_wallets(20)
    _deposit_backlog(store, owners, 75)
    worker = spawn_worker(es_env, read_models, SlowWalletTotals.name)
    try:
        # When it is killed with SIGKILL part-way (some batches committed, one in flight)
        wait_until(lambda: tracked(read_models, SlowWalletTotals.name) > 0, timeout=20)
        wait_until(lambda: _in_transaction(read_models, SlowWalletTotals.name))
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        worker.kill()
    killed_at = tracked(read_models, SlowWalletTotals.name)
    assert 0 < len(applied_positions(read_models, SlowWalletTotals.name)) < 1_500

    # Then a new worker resumes from the last committed batch: every event exactly once
    resumed = ProjectionWorker(SlowWalletTotals(), read_models, es_env, FAST)
    with running(resumed):
        assert wait_for(read_models, SlowWalletTotals.name, EventLog(store).last_position(), timeout=30)
    assert tracked(read_models, SlowWalletTotals.name) > killed_at
    assert applied_positions(read_models, SlowWalletTotals.name) == handled_positions(store, SlowWalletTotals.topics)
    assert sorted(n for n, _, _ in totals(read_models, SlowWalletTotals.name).values()) == [75] * 20


def _in_transaction(read_models, name) -> bool:
    """Whether the worker's connection is inside a (batch) transaction right now."""
    return bool(
        rows(
            read_models,
            "SELECT 1 FROM pg_stat_activity WHERE application_name = %s AND xact_start IS NOT NULL",
            f"astratrade:worker:{read_models.schema}.{name}",
        )
    )


def test_worker_process_stops_cleanly_and_releases_its_lease_when_sent_sigterm(store, read_models, es_env):
    # Given a worker process holding the lease
    worker = spawn_worker(es_env, read_models, WalletTotals.name)
    try:
        wait_until(lambda: projection_status(read_models, [WalletTotals.name])[0].status == "idle")
        # When it is sent SIGTERM
        worker.send_signal(signal.SIGTERM)
        # Then it exits by itself, successfully, and the lease is free
        assert worker.wait(10) == 0
    finally:
        worker.kill()
    assert projection_status(read_models, [WalletTotals.name])[0].status == "stopped"


def test_standby_takes_over_when_lease_holder_is_killed(store, trading, open_wallets, read_models, es_env):
    # Given a worker process holding the lease, and a standby in this process
    [owner] = open_wallets(1)
    holder = spawn_worker(es_env, read_models, WalletTotals.name)
    try:
        first = trading.deposit(owner, Decimal(1), "USD", CTX).position
        assert wait_for(read_models, WalletTotals.name, first, timeout=20)
        standby = ProjectionWorker(WalletTotals(), read_models, es_env, FAST)
        with running(standby):
            assert projection_status(read_models, [WalletTotals.name])[0].status in ("idle", "running")

            # When the holder is killed with SIGKILL and more commands arrive
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
            last = [trading.deposit(owner, Decimal(1), "USD", CTX).position for _ in range(5)][-1]

            # Then the standby takes the lease and serves them, exactly once
            assert wait_for(read_models, WalletTotals.name, last, timeout=20)
    finally:
        holder.kill()
    assert applied_positions(read_models) == handled_positions(store, WalletTotals.topics)
    assert [n for n, _, _ in totals(read_models).values()] == [6]


def test_worker_reconnects_when_its_connections_are_terminated(store, trading, open_wallets, read_models):
    # Given a running worker
    [owner] = open_wallets(1)
    worker = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)
    with running(worker) as thread:
        first = trading.deposit(owner, Decimal(1), "USD", CTX).position
        assert wait_for(read_models, WalletTotals.name, first, timeout=10)

        # When the database terminates the worker's connection (its lease with it)
        assert _terminate_worker_connections(read_models, WalletTotals.name) == 1
        last = [trading.deposit(owner, Decimal(1), "USD", CTX).position for _ in range(3)][-1]

        # Then the worker reconnects by itself and carries on
        assert wait_for(read_models, WalletTotals.name, last, timeout=20)
        assert thread.is_alive()
        assert projection_status(read_models, [WalletTotals.name])[0].status == "idle"
    assert [n for n, _, _ in totals(read_models).values()] == [4]


def _terminate_worker_connections(read_models, name) -> int:
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
        return len(
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name IN (%s, %s)",
                (f"astratrade:lease:{read_models.schema}.{name}", f"astratrade:worker:{read_models.schema}.{name}"),
            ).fetchall()
        )


def test_poison_event_is_parked_and_reported_when_policy_is_skip(store, trading, open_wallets, read_models):
    # Given a history with one event the handler always fails on, between good ones
    [owner] = open_wallets(1)
    trading.deposit(owner, Decimal(1), "USD", CTX)
    poison = trading.deposit(owner, POISON, "USD", CTX).position
    last = trading.deposit(owner, Decimal(2), "USD", CTX).position
    skipping = ProjectionWorker(PoisonSkipTotals(), read_models, store.env, FAST)

    # When the worker runs
    with running(skipping):
        assert wait_for(read_models, PoisonSkipTotals.name, last, timeout=10)

    # Then it is parked with its error, reported, and the projection moved on past it
    assert rows(read_models, "SELECT position, attempts, error FROM {s}.projection_dead_letters") == [
        (poison, 3, "ValueError: cannot handle 13.13")
    ]
    [status] = projection_status(read_models, [PoisonSkipTotals.name])
    assert (status.parked, status.status) == (1, "stopped")
    assert tracked(read_models, PoisonSkipTotals.name) >= last
    assert [(n, deposited) for n, deposited, _ in totals(read_models, PoisonSkipTotals.name).values()] == [
        (2, Decimal(3))
    ]


def test_failing_statement_is_parked_when_it_fails_inside_the_pipeline(store, trading, open_wallets, read_models):
    # Given a history with one event whose handler's SQL fails in the database
    [owner] = open_wallets(1)
    trading.deposit(owner, Decimal(1), "USD", CTX)
    poison = trading.deposit(owner, POISON, "USD", CTX).position
    last = trading.deposit(owner, Decimal(2), "USD", CTX).position

    # When the (pipelined) worker runs
    with running(ProjectionWorker(PoisonSqlTotals(), read_models, store.env, FAST)):
        assert wait_for(read_models, PoisonSqlTotals.name, last, timeout=10)

    # Then that event alone is parked, and nothing of it was applied
    assert rows(read_models, "SELECT position, error FROM {s}.projection_dead_letters") == [
        (poison, "DivisionByZero: division by zero")
    ]
    assert applied_positions(read_models, PoisonSqlTotals.name) == [
        p for p in handled_positions(store, PoisonSqlTotals.topics) if p != poison
    ]


def test_projection_halts_and_reports_when_policy_is_halt(store, trading, open_wallets, read_models):
    # Given a history with one event the handler always fails on, and a healthy projection beside
    [owner] = open_wallets(1)
    before = trading.deposit(owner, Decimal(1), "USD", CTX).position
    poison = trading.deposit(owner, POISON, "USD", CTX).position
    last = trading.deposit(owner, Decimal(2), "USD", CTX).position
    halting = ProjectionWorker(PoisonHaltTotals(), read_models, store.env, FAST)
    healthy = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)

    # When the workers run into it
    with running(halting), running(healthy):
        wait_until(lambda: projection_status(read_models, [PoisonHaltTotals.name])[0].status == "halted")
        [status] = projection_status(read_models, [PoisonHaltTotals.name])
        # Then the other projection is not held back
        assert wait_for(read_models, WalletTotals.name, last, timeout=10)

    # Then it stops before the event, says why, and parks nothing
    assert before <= status.position < poison
    assert status.last_error == f"position {poison} (trading.Wallet.Deposited): ValueError: cannot handle 13.13"
    assert status.parked == 0
    assert [n for n, _, _ in totals(read_models, PoisonHaltTotals.name).values()] == [1]


def test_worker_halts_without_crashing_when_an_event_cannot_be_decoded(store, trading, open_wallets, read_models):
    # Given a worker that has applied a good event
    [owner] = open_wallets(1)
    good = trading.deposit(owner, Decimal(1), "USD", CTX).position
    with running(ProjectionWorker(WalletTotals(), read_models, store.env, FAST)) as thread:
        assert wait_for(read_models, WalletTotals.name, good, timeout=10)

        # When a stored event's payload no longer decodes (as after a broken upcaster)
        _append_undecodable(store)

        # Then it halts (whatever its poison policy) after the good one, says why, and stays up
        wait_until(lambda: projection_status(read_models, [WalletTotals.name])[0].status == "halted")
        assert thread.is_alive()
    [status] = projection_status(read_models, [WalletTotals.name])
    assert status.position >= good
    assert status.last_error is not None and status.last_error.startswith("cannot read the log after position")
    assert [n for n, _, _ in totals(read_models).values()] == [1]


def _append_undecodable(store) -> None:
    with psycopg.connect(conninfo_of(store.env), autocommit=True) as conn:
        conn.execute(
            sql.SQL(
                "INSERT INTO {} (originator_id, originator_version, topic, state, notification_id)"
                " VALUES (gen_random_uuid(), 1, %s, 'not json', pg_current_xact_id()::text::bigint << 20)"
            ).format(sql.Identifier(store.env["POSTGRES_SCHEMA"], "astratrade_events")),
            (Wallet.Deposited.TOPIC,),
        )
