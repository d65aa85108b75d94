"""A projection whose definition changed (``Projection.version``) is rebuilt by its worker before
it serves, so a model never mixes events applied by two definitions."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import ClassVar

from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from event_store.log import EventLog
from projections.runtime import ProjectionWorker, ReadModels, migrate, projection_status, wait_for
from tests.projections.conftest import FAST, WalletTotals, applied_positions, handled_positions, rows, running, totals


class Deposits(WalletTotals):
    """Version 1: counts deposits only."""

    name: ClassVar[str] = "test_versioned"
    topics: ClassVar[tuple[str, ...]] = (Wallet.Deposited.TOPIC,)


class DepositsAndWithdrawals(Deposits):
    """Version 2: withdrawals too, a topic version 1 skipped."""

    version: ClassVar[int] = 2
    topics: ClassVar[tuple[str, ...]] = (Wallet.Deposited.TOPIC, Wallet.Withdrawn.TOPIC)


class UnrebuildableV2(DepositsAndWithdrawals):
    rebuildable: ClassVar[bool] = False


def history(store: EventStore, owner) -> int:
    """3 deposits of 5.00 and 2 withdrawals of 1.00 on an open wallet; the last position."""
    wallet: Wallet = store.repository.get(wallet_id(owner))
    for _ in range(3):
        wallet.deposit(Decimal("5.00"), "USD")
    for _ in range(2):
        wallet.withdraw(Decimal("1.00"), "USD")
    store.save(wallet)
    return EventLog(store).last_position()


def built_version(read_models: ReadModels) -> int:
    [(version,)] = rows(read_models, "SELECT version FROM {s}.projection_tracking WHERE name = %s", Deposits.name)
    return int(version)


def serve(projection: Deposits, read_models: ReadModels, es_env: dict[str, str], upto: int) -> None:
    """Run the worker until the model is at ``upto`` and built by ``projection``'s version."""
    with running(ProjectionWorker(projection, read_models, es_env, FAST)):
        deadline = time.monotonic() + 30
        while built_version(read_models) != projection.version:
            assert time.monotonic() < deadline, "the worker never took its definition's version"
            time.sleep(0.02)
        assert wait_for(read_models, projection.name, upto, timeout=30)


def built_by(projection: Deposits, store: EventStore, read_models: ReadModels, es_env: dict[str, str], owner) -> int:
    """Given: a model built by ``projection`` up to the end of ``history``; the last position."""
    migrate(read_models, [projection])
    last = history(store, owner)
    serve(projection, read_models, es_env, last)
    return last


def test_a_worker_rebuilds_a_model_built_by_an_older_definition_before_serving(
    store: EventStore, read_models: ReadModels, es_env: dict[str, str], open_wallets
):
    # Given a model built by version 1 up to the end of a history with withdrawals it skipped
    [owner] = open_wallets(1)
    last = built_by(Deposits(), store, read_models, es_env, owner)
    assert totals(read_models, Deposits.name)[wallet_id(owner)] == (3, Decimal("15.00"), Decimal("0"))

    # When the worker of version 2 starts
    serve(DepositsAndWithdrawals(), read_models, es_env, last)

    # Then the model holds the old withdrawals too, each event once, and says which version built it
    assert totals(read_models, Deposits.name)[wallet_id(owner)] == (3, Decimal("15.00"), Decimal("2.00"))
    assert applied_positions(read_models, Deposits.name) == handled_positions(store, DepositsAndWithdrawals.topics)
    assert built_version(read_models) == 2
    assert projection_status(read_models, [Deposits.name])[0].version == 2  # what operators see


def test_a_new_model_is_built_by_its_current_definition_without_a_rebuild(read_models: ReadModels):
    migrate(read_models, [DepositsAndWithdrawals()])

    assert built_version(read_models) == 2


def test_an_unrebuildable_projection_takes_its_new_definition_from_its_position_on(
    store: EventStore, read_models: ReadModels, es_env: dict[str, str], open_wallets
):
    # Given a version-1 model at the end of a history with withdrawals
    [owner] = open_wallets(1)
    last = built_by(Deposits(), store, read_models, es_env, owner)

    # When a version 2 that must not be replayed (as a policy) starts
    serve(UnrebuildableV2(), read_models, es_env, last)

    # Then nothing before its position is applied again, and the new version is recorded
    assert totals(read_models, Deposits.name)[wallet_id(owner)] == (3, Decimal("15.00"), Decimal("0"))
    assert built_version(read_models) == 2


def test_older_code_rebuilds_a_model_built_by_a_newer_definition(
    store: EventStore, read_models: ReadModels, es_env: dict[str, str], open_wallets
):
    # Given a model built by version 2 (withdrawals counted)
    [owner] = open_wallets(1)
    last = built_by(DepositsAndWithdrawals(), store, read_models, es_env, owner)

    # When version 1 is deployed again (a rollback)
    serve(Deposits(), read_models, es_env, last)

    # Then the model is version 1's, so a roll-forward will rebuild it again rather than miss events
    assert totals(read_models, Deposits.name)[wallet_id(owner)] == (3, Decimal("15.00"), Decimal("0"))
    assert built_version(read_models) == 1


class FailingV2(DepositsAndWithdrawals):
    """Version 2 that cannot apply a withdrawal, and halts on it (as a money model would)."""

    on_poison = "halt"

    def check(self, event) -> None:
        if event.topic == Wallet.Withdrawn.TOPIC:
            raise ValueError("cannot apply a withdrawal")


def test_a_failed_upgrade_is_reported_and_the_old_model_kept_without_a_crash_loop(
    store: EventStore, read_models: ReadModels, es_env: dict[str, str], open_wallets
):
    # Given a version-1 model
    [owner] = open_wallets(1)
    built_by(Deposits(), store, read_models, es_env, owner)

    # When a version 2 whose rebuild fails starts
    with running(ProjectionWorker(FailingV2(), read_models, es_env, FAST)) as thread:
        deadline = time.monotonic() + 30
        while (status := projection_status(read_models, [Deposits.name])[0]).status != "halted":
            assert time.monotonic() < deadline, f"no failure reported: {status}"
            time.sleep(0.05)
        # Then the failure is in the status, the worker waits (alive, holding the lease) instead of crashing
        assert "upgrade to definition v2 failed" in (status.last_error or "")
        assert thread.is_alive()
    # And the version-1 model still answers as it was
    assert totals(read_models, Deposits.name)[wallet_id(owner)] == (3, Decimal("15.00"), Decimal("0"))
    assert built_version(read_models) == 1


def test_migrate_adds_the_version_column_to_a_tracking_table_from_before_versions(read_models: ReadModels):
    with read_models.connect() as conn:
        conn.execute(f'ALTER TABLE "{read_models.schema}".projection_tracking DROP COLUMN version')

    migrate(read_models, [Deposits()])

    assert built_version(read_models) == 1
