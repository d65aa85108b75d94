"""Status, read-your-writes waits and migrations, read from the read-model schema only."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from psycopg import sql

from aggregates.trading.wallet import wallet_id
from event_store.metadata import CommandContext
from projections.runtime import ProgressWaiter, ProjectionWorker, ReadModels, migrate, projection_status, wait_for
from tests.projections.conftest import FAST, TEST_PROJECTIONS, WalletTotals, rows, running, safe_head

CTX = CommandContext(actor="test")
NAME = WalletTotals.name


def test_status_reports_stopped_and_no_lag_when_no_worker_ever_ran(read_models):
    [status] = projection_status(read_models, [NAME])
    assert (status.name, status.position, status.lag_events, status.lag_seconds, status.status, status.parked) == (
        NAME,
        0,
        0,
        0.0,
        "stopped",
        0,
    )


def test_status_reports_lag_while_worker_is_catching_up(store, open_wallets, read_models):
    # Given a backlog of 300 deposits and a worker with batches of 100
    [owner] = open_wallets(1)
    wallet = store.repository.get(wallet_id(owner))
    for _ in range(300):
        wallet.deposit(Decimal(1), "USD")
    store.save(wallet)
    worker = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)
    safe_head(store)  # so the first cycle sees them all

    with worker.session() as session:
        assert session is not None
        # When it has applied one batch
        session.cycle()
        [behind] = projection_status(read_models, [NAME])
        # and then the rest
        while session.cycle().outcome is not None:
            pass
        [caught_up] = projection_status(read_models, [NAME])
    [after] = projection_status(read_models, [NAME])

    # Then status shows the events left, then none, and "stopped" once it let go
    assert (behind.status, behind.lag_events) == ("running", 200)
    assert behind.lag_seconds > 0 and behind.position < behind.log_head
    assert (caught_up.status, caught_up.lag_events, caught_up.lag_seconds) == ("idle", 0, 0.0)
    assert after.status == "stopped"


def test_wait_for_times_out_when_no_worker_runs(read_models):
    started = time.monotonic()
    assert not wait_for(read_models, NAME, 1, timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 1.0


def test_waiters_wake_promptly_when_the_projection_reaches_their_position(store, trading, open_wallets, read_models):
    # Given a running worker, a shared waiter, and commands answered with their positions
    [owner] = open_wallets(1)
    waiter = ProgressWaiter(read_models)
    try:
        with running(ProjectionWorker(WalletTotals(), read_models, store.env, FAST)):
            positions = [trading.deposit(owner, Decimal(1), "USD", CTX).position for _ in range(20)]

            # When waiters ask for read-your-writes, concurrently
            started = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(lambda p: waiter.wait_for(NAME, p, timeout=5), positions))
            answers.append(wait_for(read_models, NAME, positions[-1], timeout=5))
            elapsed = time.monotonic() - started

            # Then every one returns True, well before the polling fallback would
            assert all(answers) and elapsed < 1.0
            assert not waiter.wait_for(NAME, positions[-1] + 2**40, timeout=0.2)
    finally:
        waiter.close()


def test_migration_is_idempotent_when_run_concurrently(read_models):
    # Given an already migrated schema; When four processes migrate it again at once
    projections = [cls() for cls in TEST_PROJECTIONS.values()]
    barrier = threading.Barrier(4)

    def migrate_() -> None:
        barrier.wait()
        migrate(read_models, projections)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: migrate_(), range(4)))

    # Then every projection has exactly one tracking row, untouched
    assert rows(read_models, "SELECT name, position FROM {s}.projection_tracking ORDER BY name") == [
        (name, 0) for name in sorted(TEST_PROJECTIONS)
    ]


def test_waiter_recovers_when_it_starts_before_the_migration(es_env):
    # Given a waiter started on a read-model schema that does not exist yet
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_late")
    waiter = ProgressWaiter(models)
    try:
        assert not waiter.wait_for(NAME, 1, timeout=0.2)
        # When the schema is migrated and the projection moves
        migrate(models, [WalletTotals()])
        with models.connect() as conn:
            conn.execute(sql.SQL("UPDATE {} SET position = 5").format(models.tracking))
        # Then the waiter sees it
        assert waiter.wait_for(NAME, 5, timeout=5)
    finally:
        waiter.close()
        with models.connect() as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(models.schema)))
