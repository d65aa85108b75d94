"""Test-only projections and helpers for the projection runtime's tests.

The projections here count deposits and withdrawals per wallet and log every
position they apply (without a unique key), so a duplicate or a gap shows up as
a row too many or too few.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import ClassVar
from uuid import UUID, uuid4

import pytest
from psycopg import Cursor, sql

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.runtime import ProjectionWorker, ReadModels, WorkerOptions, migrate, run_group, run_worker
from projections.runtime.base import Projection, Tables

ROOT = Path(__file__).resolve().parents[2]
POISON = Decimal("13.13")
FAST = WorkerOptions(batch_size=100, poll_interval=0.2, lease_poll=0.1)


class WalletTotals(Projection):
    """Deposits and withdrawals per wallet (table ``<name>``), and every applied
    position (table ``<name>_applied``)."""

    name: ClassVar[str] = "test_wallet_totals"
    topics: ClassVar[tuple[str, ...]] = (Wallet.Deposited.TOPIC, Wallet.Withdrawn.TOPIC)
    tables: ClassVar[tuple[str, ...]] = (name, name + "_applied")
    pipelined: ClassVar[bool] = True
    delay: ClassVar[float] = 0.0  # seconds per event, to make batches slow enough to kill mid-way

    def __init_subclass__(cls) -> None:
        cls.tables = (cls.name, cls.name + "_applied")  # every projection owns its own tables

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        totals_, applied = self.tables
        return [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (wallet_id uuid PRIMARY KEY, deposits int NOT NULL,"
                " deposited numeric NOT NULL, withdrawn numeric NOT NULL,"
                " CONSTRAINT {} CHECK (deposits >= 0))"
            ).format(tables[totals_], sql.Identifier(tables.physical(totals_) + "_deposits_check")),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (id bigserial PRIMARY KEY, position bigint NOT NULL,"
                " topic text NOT NULL)"
            ).format(tables[applied]),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (position)").format(
                sql.Identifier(tables.physical(applied) + "_position_idx"), tables[applied]
            ),
        ]

    def apply(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> None:
        self.check(event)
        deposit = event.topic == Wallet.Deposited.TOPIC
        amount: Decimal = event.event.amount  # type: ignore[attr-defined]
        cursor.execute(
            sql.SQL(
                "INSERT INTO {t} AS w VALUES (%s, %s, %s, %s) ON CONFLICT (wallet_id) DO UPDATE SET"
                " deposits = w.deposits + EXCLUDED.deposits, deposited = w.deposited + EXCLUDED.deposited,"
                " withdrawn = w.withdrawn + EXCLUDED.withdrawn"
            ).format(t=tables[self.tables[0]]),
            (event.originator_id, int(deposit), amount if deposit else 0, 0 if deposit else amount),
        )
        cursor.execute(
            sql.SQL("INSERT INTO {} (position, topic) VALUES (%s, %s)").format(tables[self.tables[1]]),
            (event.position, event.topic),
        )

    def check(self, event: LoggedEvent) -> None:
        if self.delay:
            time.sleep(self.delay)


class SlowWalletTotals(WalletTotals):
    name: ClassVar[str] = "test_slow_wallet_totals"
    delay: ClassVar[float] = 0.001


class PoisonSkipTotals(WalletTotals):
    """Fails on every event of amount POISON; parks it."""

    name: ClassVar[str] = "test_poison_skip"

    def check(self, event: LoggedEvent) -> None:
        if event.event.amount == POISON:  # type: ignore[attr-defined]
            raise ValueError(f"cannot handle {POISON}")


class PoisonSqlTotals(WalletTotals):
    """Its statement fails in the database (inside the pipeline) on every event of amount POISON."""

    name: ClassVar[str] = "test_poison_sql"

    def apply(self, cursor: Cursor, tables: Tables, event: LoggedEvent) -> None:
        super().apply(cursor, tables, event)
        cursor.execute("SELECT 1 / %s", (0 if event.event.amount == POISON else 1,))  # type: ignore[attr-defined]


class PoisonHaltTotals(PoisonSkipTotals):
    name: ClassVar[str] = "test_poison_halt"
    on_poison = "halt"


TEST_PROJECTIONS: dict[str, type[Projection]] = {
    cls.name: cls for cls in (WalletTotals, SlowWalletTotals, PoisonSkipTotals, PoisonSqlTotals, PoisonHaltTotals)
}


@pytest.fixture
def read_models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_read")
    migrate(models, [cls() for cls in TEST_PROJECTIONS.values()])
    yield models
    with models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(models.schema)))


@pytest.fixture
def open_wallets(store: EventStore) -> Callable[[int], list[UUID]]:
    """Opens wallets for ``n`` new owners directly (no password hashing); their owner ids."""

    def open_(n: int) -> list[UUID]:
        owners = [uuid4() for _ in range(n)]
        store.save(*[Wallet.open_for(owner) for owner in owners])
        return owners

    return open_


def rows(read_models: ReadModels, query: str, *params: object) -> list[tuple]:
    with read_models.connect() as conn:
        return conn.execute(sql.SQL(query).format(s=sql.Identifier(read_models.schema)), params).fetchall()


def totals(read_models: ReadModels, name: str = WalletTotals.name) -> dict[UUID, tuple[int, Decimal, Decimal]]:
    found = rows(read_models, f"SELECT wallet_id, deposits, deposited, withdrawn FROM {{s}}.{name}")
    return {wallet: (n, deposited, withdrawn) for wallet, n, deposited, withdrawn in found}


def applied_positions(read_models: ReadModels, name: str = WalletTotals.name) -> list[int]:
    return [p for (p,) in rows(read_models, f"SELECT position FROM {{s}}.{name}_applied ORDER BY position")]


def safe_head(store: EventStore) -> int:
    """The safe head once it covers every event appended so far: any write
    transaction of the test database (other tests' schemas) may hold it back a moment."""
    log = EventLog(store)
    last = log.last_position()
    wait_until(lambda: log.head() >= last, timeout=60)
    return log.head()


def handled_positions(store: EventStore, topics: tuple[str, ...]) -> list[int]:
    return [e.position for e in EventLog(store).read(0, safe_head(store), 10_000_000, topics)]


def tracked(read_models: ReadModels, name: str) -> int:
    [(position,)] = rows(read_models, "SELECT position FROM {s}.projection_tracking WHERE name = %s", name)
    return int(position)


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(interval)


@contextmanager
def running(worker: ProjectionWorker) -> Iterator[threading.Thread]:
    """Runs ``worker`` in a thread for the duration of the block."""
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        worker.stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive(), "worker did not stop"


def spawn_worker(
    es_env: dict[str, str], read_models: ReadModels, name: str, options: WorkerOptions = FAST
) -> subprocess.Popen[bytes]:
    """A worker in a process of its own (to be killed with SIGKILL)."""
    spec = json.dumps(
        {
            "env": es_env,
            "schema": read_models.schema,
            "name": name,
            "batch_size": options.batch_size,
            "poll": options.poll_interval,
        }
    )
    code = "import sys; from tests.projections.conftest import worker_main; worker_main(sys.argv[1])"
    return subprocess.Popen([sys.executable, "-c", code, spec], cwd=ROOT)


def worker_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    models = ReadModels.from_env(spec["env"], schema=spec["schema"])
    options = WorkerOptions(batch_size=spec["batch_size"], poll_interval=spec["poll"], lease_poll=0.1)
    run_worker(TEST_PROJECTIONS[spec["name"]](), models, spec["env"], options)


def spawn_group(
    es_env: dict[str, str], read_models: ReadModels, names: list[str], options: WorkerOptions = FAST
) -> subprocess.Popen[bytes]:
    """A worker group (``names`` as threads of one process of its own, to be killed with SIGKILL)."""
    spec = json.dumps(
        {
            "env": es_env,
            "schema": read_models.schema,
            "names": names,
            "batch_size": options.batch_size,
            "poll": options.poll_interval,
        }
    )
    code = "import sys; from tests.projections.conftest import group_main; group_main(sys.argv[1])"
    return subprocess.Popen([sys.executable, "-c", code, spec], cwd=ROOT)


def group_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    models = ReadModels.from_env(spec["env"], schema=spec["schema"])
    options = WorkerOptions(batch_size=spec["batch_size"], poll_interval=spec["poll"], lease_poll=0.1)
    run_group("test", [TEST_PROJECTIONS[name]() for name in spec["names"]], models, spec["env"], options)
