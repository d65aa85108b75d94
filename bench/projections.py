"""Projection benchmark: catch-up throughput beside a bare log loop, and lag under load.

Loads ≥ 200,000 events (wallets opened and deposited into, in big batched saves),
then, for the portfolio projection (or a representative test projection when it
does not exist yet):

* catch-up: a worker applies the whole log from position 0, beside a baseline
  measured in the same run: a bare loop reading the same log, same topics, same
  batch size, through ``EventLog.read`` (median of ``--runs`` each); and the same
  worker as a thread of a worker group (shared leases, pool and reader:
  ``projections.runtime.shared``), as a ratio to the worker alone;
* lag: a worker process follows while ``--rate`` deposits/s run through
  ``TradingService``; lag = time from a command's commit (its return) to the
  progress NOTIFY of the tracking row reaching its position.

    .venv/bin/python -m bench.projections [--events 200000] [--runs 3] [--rate 500] [--seconds 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import subprocess
import sys
import threading
import time
from bisect import bisect_left
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from uuid import UUID, uuid4

import psycopg
from psycopg import sql

from aggregates.trading.wallet import Wallet
from bench.common import conninfo, machine, median, percentile, scratch_env
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from projections.runtime import ProjectionWorker, ReadModels, WorkerOptions, migrate, run_worker, wait_for
from projections.runtime.base import Projection, Tables
from projections.runtime.shared import GroupResources
from services.commands import CommandRunner
from services.trading import TradingService

BATCH = 1_000
EVENTS_PER_WALLET = 100  # Opened + 99 deposits


class RuntimeOnly(Projection):
    """Handles the same topics and writes nothing: what the runtime alone costs."""

    name = "bench_runtime_only"
    tables = ()

    def __init__(self, topics: tuple[str, ...]) -> None:
        self.topics = topics  # type: ignore[misc]

    def create_tables(self, tables: Tables) -> list[sql.Composable]:  # noqa: ARG002
        return []

    def apply(self, cursor: psycopg.Cursor, tables: Tables, event: LoggedEvent) -> None:
        """Nothing: only reading, tracking and committing are measured."""


class _BulkStore(EventStore):
    # Snapshots would re-read every wallet at save time; loading wants raw appends.
    name = EventStore.name  # the same tables
    snapshotting_intervals = {}


def projection() -> Projection:
    """The portfolio projection, or a representative one (an upsert and an insert per event)."""
    if importlib.util.find_spec("projections.portfolio.projection") is not None:
        return importlib.import_module("projections.portfolio.projection").PortfolioProjection()
    return importlib.import_module("tests.projections.conftest").WalletTotals()


def load(env: dict[str, str], events: int) -> int:
    """Append ``events`` events; the number appended. Each save holds one event of
    each of many wallets, so a batch touches many rows, as many traders would."""
    store = _BulkStore(env=env)
    wallets = [Wallet.open_for(uuid4()) for _ in range(-(-events // EVENTS_PER_WALLET))]
    store.save(*wallets)
    for cents in range(1, EVENTS_PER_WALLET):
        for wallet in wallets:
            wallet.deposit(Decimal(cents) / 100, "USD")
        store.save(*wallets)
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        # A log that has been there a while: hint bits set, statistics known.
        conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(env["POSTGRES_SCHEMA"], "astratrade_events")))
    count = EventLog(store).count(0)
    store.close()
    return count


def baseline(env: dict[str, str], topics: tuple[str, ...]) -> float:
    """Events/s of a bare loop over the log: the ceiling for any projection."""
    store = EventStore(env=env)
    log = EventLog(store)
    head, position, n = log.head(), 0, 0
    started = time.perf_counter()
    while events := log.read(position, head, BATCH, topics):
        n, position = n + len(events), events[-1].position
    elapsed = time.perf_counter() - started
    store.close()
    return n / elapsed


def catch_up(env: dict[str, str], read_models: ReadModels, proj: Projection, grouped: bool = False) -> float:
    """Events/s of a worker (alone, or in a worker group) applying the whole log into empty tables."""
    reset(read_models, proj)
    shared = GroupResources(read_models, env, "bench", 5) if grouped else None
    worker = ProjectionWorker(proj, read_models, env, WorkerOptions(batch_size=BATCH), shared=shared)
    try:
        with worker.session() as session:
            assert session is not None
            n, started = 0, time.perf_counter()
            while (cycle := session.cycle()).outcome is not None:
                n += cycle.events
            elapsed = time.perf_counter() - started
    finally:
        if shared is not None:
            shared.close()
    return n / elapsed


def reset(read_models: ReadModels, proj: Projection) -> None:
    with read_models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(read_models.schema)))
    migrate(read_models, [proj])


def follow_progress(read_models: ReadModels, name: str) -> None:
    """(role ``progress``) Print ``time position`` for each progress NOTIFY of ``name``
    until SIGTERM. A process of its own, so no load thread delays the timestamps."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    seen: list[str] = []
    with read_models.connect("bench-progress") as conn:
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(read_models.progress_channel)))
        print("ready", flush=True)
        while not stop.is_set():
            for note in conn.notifies(timeout=0.2):
                at = time.time()
                note_name, _, position = note.payload.rpartition(":")
                if note_name == name:
                    seen.append(f"{at} {position}")
    print("\n".join(seen), flush=True)


@contextmanager
def role(name: str, spec: dict[str, object]) -> Iterator[subprocess.Popen[str]]:
    """This script in another process, playing ``name``; SIGTERM on exit."""
    command = [sys.executable, "-m", "bench.projections", "--role", name, json.dumps(spec)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(10)


def lag(env: dict[str, str], read_models: ReadModels, proj: Projection, rate: float, seconds: float) -> list[float]:
    """Lags (ms) of deposits issued at ``rate``/s for ``seconds`` while a worker process follows."""
    store = EventStore(env={**env, "POSTGRES_POOL_SIZE": "16"})
    owners = [uuid4() for _ in range(1_000)]
    store.save(*[Wallet.open_for(owner) for owner in owners])
    trading, ctx = TradingService(CommandRunner(store)), CommandContext(actor="bench")
    issued: list[tuple[float, int]] = []

    def deposit(owner: UUID) -> None:
        position = trading.deposit(owner, Decimal("1.00"), "USD", ctx).position
        issued.append((time.time(), position))  # the command has committed: the clock starts

    spec: dict[str, object] = {"env": env, "schema": read_models.schema, "name": proj.name}
    with role("progress", spec) as progress, role("worker", spec):
        assert progress.stdout is not None and progress.stdout.readline().strip() == "ready"
        assert wait_for(read_models, proj.name, EventLog(store).last_position(), timeout=600)
        with ThreadPoolExecutor(32) as pool:
            started = time.monotonic()
            for i in range(int(rate * seconds)):
                time.sleep(max(0.0, started + i / rate - time.monotonic()))
                pool.submit(deposit, owners[i % len(owners)])
        achieved = len(issued) / (time.monotonic() - started)
        assert wait_for(read_models, proj.name, max(p for _, p in issued), timeout=60)
        progress.terminate()
        reached = [line.split() for line in progress.stdout.read().split("\n") if line]
    store.close()
    print(f"  load achieved: {achieved:,.0f} commands/s")
    times, positions = [float(t) for t, _ in reached], [int(p) for _, p in reached]
    # Positions in progress notes only grow: the first note at or past a command's position.
    return [max(0.0, times[bisect_left(positions, p)] - t) * 1000 for t, p in issued]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=20, help="of the lag measure (0: skip it)")
    parser.add_argument("--role", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role:
        return play(*args.role)
    print(f"machine: {machine()}")
    proj = projection()
    with scratch_env("projections", pool_size=4) as env:
        read_models = ReadModels.from_env(env, schema=env["POSTGRES_SCHEMA"] + "_read")
        try:
            started = time.perf_counter()
            total = load(env, args.events)
            print(f"loaded {total:,} events in {time.perf_counter() - started:.1f}s; projection {proj.name!r}")
            bases, bare, runs, grouped = [], [], [], []
            for _ in range(args.runs):  # interleaved, so drifts in the machine's load hit all four alike
                bases.append(baseline(env, proj.topics))
                bare.append(catch_up(env, read_models, RuntimeOnly(proj.topics)))
                runs.append(catch_up(env, read_models, proj))
                grouped.append(catch_up(env, read_models, proj, grouped=True))
            base = median(bases)
            for label, values in (
                ("baseline: bare EventLog.read loop", bases),
                ("runtime only (no-op handlers)", bare),
                (f"{proj.name} projection", runs),
                (f"{proj.name} in a worker group", grouped),
            ):
                print(
                    f"catch-up  {label:<34} {median(values):>8,.0f} events/s  x{median(values) / base:.2f}"
                    f"  (runs {_fmt(values)})"
                )
            print(f"catch-up  in a worker group / alone: x{median(grouped) / median(runs):.2f}")
            if args.seconds <= 0:
                return
            sys.setswitchinterval(0.0005)  # commit times are taken by busy load threads: short GIL hand-offs
            lags = lag(env, read_models, proj, args.rate, args.seconds)
            print(
                f"lag at {args.rate:.0f} deposits/s for {args.seconds:.0f}s ({len(lags):,} commands): "
                f"p50 {percentile(lags, 50):.1f} ms, p99 {percentile(lags, 99):.1f} ms, max {max(lags):.1f} ms"
            )
        finally:
            with read_models.connect() as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(read_models.schema)))


def play(name: str, spec_json: str) -> None:
    spec = json.loads(spec_json)
    read_models = ReadModels.from_env(spec["env"], schema=spec["schema"])
    if name == "worker":
        run_worker(projection(), read_models, spec["env"], WorkerOptions(batch_size=BATCH))
    else:
        follow_progress(read_models, spec["name"])


def _fmt(values: list[float]) -> str:
    return " / ".join(f"{v:,.0f}" for v in values)


if __name__ == "__main__":
    main()
