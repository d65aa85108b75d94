"""The worker follows the log into its read model exactly once."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from psycopg import sql

from aggregates.errors import InsufficientFunds
from aggregates.trading.wallet import wallet_id
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.runtime import ProjectionWorker, rebuild, wait_for
from projections.runtime.applier import Applier, Outcome
from projections.runtime.base import Tables
from projections.runtime.reading import read_step
from projections.runtime.tracking import Tracking
from tests.projections.conftest import (
    FAST,
    WalletTotals,
    applied_positions,
    handled_positions,
    rows,
    running,
    safe_head,
    totals,
    tracked,
)

CTX = CommandContext(actor="test")


def test_incremental_model_equals_rebuild_when_random_history_was_applied_live(
    store, trading, open_wallets, read_models
):
    # Given a worker following the log while a random history of commands runs
    owners = open_wallets(5)
    rng = random.Random(7)
    worker = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)
    with running(worker):
        for _ in range(150):
            owner = rng.choice(owners)
            amount = Decimal(rng.randint(1, 50_00)) / 100
            try:
                if rng.random() < 0.3:
                    position = trading.withdraw(owner, amount, "USD", None, CTX).position
                else:
                    position = trading.deposit(owner, amount, "USD", CTX).position
            except InsufficientFunds:
                continue
        assert wait_for(read_models, WalletTotals.name, position, timeout=10)
        live = totals(read_models)

    # When the model is rebuilt from position 0
    rebuilt_at = rebuild(WalletTotals(), read_models, store.env, batch_size=40)

    # Then it equals the incrementally built one, which has every event exactly once
    assert rebuilt_at >= EventLog(store).last_position()
    assert tracked(read_models, WalletTotals.name) == rebuilt_at
    assert totals(read_models) == live
    assert applied_positions(read_models) == handled_positions(store, WalletTotals.topics)


def test_nothing_changes_when_same_batch_is_delivered_twice(store, trading, open_wallets, read_models):
    # Given a batch of deposits, applied once
    [owner] = open_wallets(1)
    for cents in range(1, 11):
        trading.deposit(owner, Decimal(cents), "USD", CTX)
    step = read_step(EventLog(store), 0, safe_head(store), 1_000, WalletTotals.topics)
    with read_models.connect() as conn:
        applier = Applier(conn, WalletTotals(), Tables(read_models.schema), Tracking(read_models, WalletTotals.name))
        assert applier.apply(step) is Outcome.APPLIED
        once = totals(read_models)

        # When the very same batch is delivered again
        outcome = applier.apply(step)

    # Then it is refused and the model is unchanged
    assert outcome is Outcome.CONFLICT
    assert totals(read_models) == once == {wallet_id(owner): (10, Decimal(55), Decimal(0))}
    assert len(applied_positions(read_models)) == 10
    assert tracked(read_models, WalletTotals.name) == step.upto


def test_no_event_is_skipped_when_many_threads_append_concurrently(store, trading, open_wallets, read_models):
    # Given a worker with small batches, and 8 threads depositing into 16 wallets
    owners = open_wallets(16)
    worker = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)
    with running(worker), ThreadPoolExecutor(8) as pool:
        # When 400 deposits are appended concurrently while it runs
        results = list(pool.map(lambda i: trading.deposit(owners[i % 16], Decimal(1), "USD", CTX), range(400)))
        assert wait_for(read_models, WalletTotals.name, max(r.position for r in results), timeout=20)

    # Then the projection has seen every one of them, once
    counts = totals(read_models)
    assert sum(n for n, _, _ in counts.values()) == 400
    positions = applied_positions(read_models)
    assert positions == sorted({r.position for r in results}) == handled_positions(store, WalletTotals.topics)


def test_tracking_advances_with_one_write_when_events_are_unhandled(store, trading, read_models):
    # Given 60 price ticks (a topic the projection does not handle) and a count of tracking writes
    for i in range(60):
        trading.record_price("BTC-USD", Decimal(100 + i), CTX)
    _count_tracking_updates(read_models)
    worker = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)
    safe_head(store)  # so the first cycle sees them all

    # When the worker runs its cycles
    with worker.session() as session:
        assert session is not None
        first = session.cycle()
        second = session.cycle()

    # Then one write moved tracking past them all, and the idle cycle wrote nothing
    assert (first.outcome, first.events) == (Outcome.APPLIED, 0)
    assert first.position >= EventLog(store).last_position()
    assert second.outcome is None
    assert tracked(read_models, WalletTotals.name) == first.position
    assert rows(read_models, "SELECT n FROM {s}.tracking_updates") == [(1,)]


def _count_tracking_updates(read_models) -> None:
    ddl = """
    CREATE TABLE {s}.tracking_updates (n int NOT NULL);
    INSERT INTO {s}.tracking_updates VALUES (0);
    CREATE FUNCTION {s}.count_update() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN UPDATE {s}.tracking_updates SET n = n + 1 WHERE NEW.position <> OLD.position; RETURN NEW; END $$;
    CREATE TRIGGER count_update AFTER UPDATE ON {s}.projection_tracking
      FOR EACH ROW EXECUTE FUNCTION {s}.count_update();
    """
    with read_models.connect() as conn:
        conn.execute(sql.SQL(ddl).format(s=sql.Identifier(read_models.schema)))


def test_counts_are_exact_when_worker_catches_up_a_backlog(store, trading, open_wallets, read_models):
    owners = open_wallets(3)
    for i in range(250):
        trading.deposit(owners[i % 3], Decimal("0.01"), "USD", CTX)
    worker = ProjectionWorker(WalletTotals(), read_models, store.env, FAST)
    with running(worker):
        assert wait_for(read_models, WalletTotals.name, EventLog(store).last_position(), timeout=10)
    assert Counter(n for n, _, _ in totals(read_models).values()) == Counter({84: 1, 83: 2})
