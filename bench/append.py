"""Event store append throughput: the issue-9 workload, beside raw PostgreSQL.

20,000 account streams; each command loads its stream and appends 1–3 events with
an expected version, one transaction per command. Writers are processes (one
EventStore each). A follower reads the log concurrently the way projections do
and must see every event exactly once. pgbench runs the same read-then-insert as
plain SQL in the same invocation, for the ratio.

    .venv/bin/python -m bench.append [--seconds 10] [--runs 3] [--writers 1 8]

``--cpu OLD_TREE`` measures instead the Python CPU time (``time.process_time``) one
writer spends per command (``CommandRunner.run``: load a cached wallet, fast-forwarding
it, + 1–3 deposits + save), for the code in OLD_TREE (e.g. ``git archive main | tar -x -C /tmp/main``)
and this tree, in alternating child processes of the same invocation (A/B, same
minute; CPU time is far less distorted by the other load of the machine than wall time):

    .venv/bin/python -m bench.append --cpu /tmp/main [--pairs 3 --commands 4000 --wallets 2000]

With ``--instructions`` each child runs under valgrind's callgrind instead, twice (100 and
400 commands over 200 wallets): the difference of the instructions executed, per command,
is immune to the machine's load (CPU time is not: the same code measured 0.6 ms per
command at load 4 and 1.1 ms at load 18). Slow: about 10 minutes for old and new.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import psycopg
from eventsourcing.persistence import IntegrityError

from aggregates.trading.wallet import Wallet
from bench.common import BENCH_DATABASE_URL, conninfo, machine, median, pgbench_tps, scratch_env
from event_store.application import EventStore
from event_store.log import EventLog
from event_store.metadata import CommandContext
from services.commands import CommandRunner, Decision

STREAMS = 20_000
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # this tree: the "new" of --cpu
RAW_SCRIPT = """\\set aid random(1, {streams})
BEGIN;
SELECT coalesce(max(version), 0) AS v FROM {schema}.raw_events WHERE stream = :aid \\gset
INSERT INTO {schema}.raw_events VALUES (:aid, :v + 1, '{{"amount": "1.00"}}'), \
(:aid, :v + 2, '{{"amount": "1.00"}}') ON CONFLICT DO NOTHING;
COMMIT;
"""


def create_streams(env: dict[str, str]) -> list[UUID]:
    store = EventStore(env=env)
    ids: list[UUID] = []
    for _ in range(STREAMS // 500):
        wallets = [Wallet.open_for(uuid4()) for _ in range(500)]
        store.save(*wallets)
        ids.extend(w.id for w in wallets)
    store.close()
    return ids


def writer(env: dict[str, str], ids: list[UUID], seconds: float, results: mp.Queue) -> None:
    store, rng = EventStore(env={**env, "POSTGRES_POOL_SIZE": "2"}), random.Random()
    commands = conflicts = events = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        wallet: Wallet = store.repository.get(rng.choice(ids))
        n = rng.randint(1, 3)
        for _ in range(n):
            wallet.deposit(Decimal("1.00"), "USD")
        try:
            store.save(wallet)
            commands, events = commands + 1, events + n
        except IntegrityError:
            conflicts += 1
    store.close()
    results.put((commands, conflicts, events))


def follow(env: dict[str, str], start: int, stop: threading.Event, seen: list[int]) -> None:
    """Follow the log like a projection, from ``start``, until stopped and past everything written."""
    store = EventStore(env={**env, "POSTGRES_POOL_SIZE": "1"})
    log, cursor = EventLog(store), start
    while not (stop.is_set() and cursor >= log.last_position()):
        head = log.head()
        while batch := log.read(cursor, head, 5000):
            seen.extend(e.position for e in batch)
            cursor = batch[-1].position
        cursor = max(cursor, head)
        time.sleep(0.005)
    store.close()


def log_start(store: EventStore) -> int:
    return store.store.max_position() or 0


def run_event_store(env: dict[str, str], ids: list[UUID], writers: int, seconds: float) -> dict[str, float]:
    store = EventStore(env=env)
    start = log_start(store)
    stop, seen = threading.Event(), []  # type: ignore[var-annotated]
    # The follower starts where the count of written events starts, whenever its thread runs.
    follower = threading.Thread(target=follow, args=(env, start, stop, seen))
    follower.start()
    results: mp.Queue = mp.Queue()
    procs = [mp.Process(target=writer, args=(env, ids, seconds, results)) for _ in range(writers)]
    for p in procs:
        p.start()
    totals = [results.get() for _ in procs]
    for p in procs:
        p.join()
    stop.set()
    follower.join()
    written = [n.id for n in store.recorder.select_notifications(start, 10_000_000, inclusive_of_start=False)]
    store.close()
    commands = sum(t[0] for t in totals)
    return {
        "commands_per_s": commands / seconds,
        "conflicts": sum(t[1] for t in totals),
        "events": sum(t[2] for t in totals),
        "skipped": len(set(written) - set(seen)),
        "duplicates": len(seen) - len(set(seen)),
    }


def prepare_raw(env: dict[str, str]) -> None:
    schema = env["POSTGRES_SCHEMA"]
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE {schema}.raw_events (stream int, version int, data bytea, PRIMARY KEY (stream, version))"
        )
        conn.execute(f"INSERT INTO {schema}.raw_events SELECT s, 1, 'x' FROM generate_series(1, {STREAMS}) s")


def cpu_child(env: dict[str, str], wallets: int, commands: int, seed: int) -> dict[str, float | str]:
    """One writer's Python CPU per command, in this process (the code on its ``sys.path``)."""
    import event_store.recorder  # noqa: PLC0415  (which tree: printed beside the figures)

    store, rng = EventStore(env={**env, "POSTGRES_POOL_SIZE": "2"}), random.Random(seed)
    ids: list[UUID] = []
    for _ in range(0, wallets, 500):
        batch = [Wallet.open_for(uuid4()) for _ in range(500)]
        store.save(*batch)
        ids.extend(w.id for w in batch)
    for wallet_id in ids:  # into the aggregate cache: the timed loads fast-forward it, like a W2 writer's
        store.repository.get(wallet_id)
    runner, clock = CommandRunner(store), time.process_time
    decided = 0.0

    def command(wallet_id: UUID, deposits: int) -> Callable[[], Decision]:
        def decide() -> Decision:
            nonlocal decided
            t0 = clock()
            wallet: Wallet = store.repository.get(wallet_id)
            for _ in range(deposits):
                wallet.deposit(Decimal("1.00"), "USD")
            decided += clock() - t0
            return Decision([wallet])

        return decide

    start, wall = clock(), time.perf_counter()
    for n in range(commands):  # what a route runs: the runner, a context, load + decide + save
        runner.run(command(rng.choice(ids), rng.randint(1, 3)), CommandContext(actor="bench", correlation_id=str(n)))
    total, wall = clock() - start, time.perf_counter() - wall
    store.close()
    return {
        "tree": os.path.dirname(os.path.dirname(event_store.recorder.__file__)),
        "cpu_ms": 1000 * total / commands,
        "load_decide_ms": 1000 * decided / commands,
        "save_ms": 1000 * (total - decided) / commands,
        "wall_ms": 1000 * wall / commands,
    }


def run_child(
    tree: str, env: dict[str, str], wallets: int, commands: int, seed: int, wrap: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``cpu_child`` in a process with ``tree`` first on its path (optionally under ``wrap``)."""
    spec = json.dumps({"env": env, "wallets": wallets, "commands": commands, "seed": seed})
    return subprocess.run(
        [*wrap, sys.executable, os.path.abspath(__file__), "--cpu-child", spec],
        env={**os.environ, "PYTHONPATH": tree},
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )


def cpu_ab(old_tree: str, pairs: int, wallets: int, commands: int) -> None:
    """Alternate children running ``cpu_child`` with the old tree and this one first on their path."""
    trees = {"old": os.path.abspath(old_tree), "new": HERE}
    got: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    with scratch_env("cpu") as env:
        for pair in range(pairs):
            for label in ("old", "new") if pair % 2 == 0 else ("new", "old"):
                out = run_child(trees[label], env, wallets, commands, pair).stdout
                result = json.loads(out.strip().splitlines()[-1])
                got[label].append(result)
                print(
                    f"pair {pair + 1} {label}: {result['cpu_ms']:.3f} ms CPU per command "
                    f"(load + decide {result['load_decide_ms']:.3f}, save and the rest {result['save_ms']:.3f}; "
                    f"wall {result['wall_ms']:.3f} ms) [{result['tree']}] load average {os.getloadavg()[0]:.1f}"
                )
    old, new = (median([r["cpu_ms"] for r in got[k]]) for k in ("old", "new"))
    print(
        f"median of {pairs}: old {old:.3f} ms, new {new:.3f} ms CPU per command ({new / old:.0%} of old); "
        f"{commands} commands over {wallets} wallets each"
    )


def instructions_ab(old_tree: str) -> None:
    """Instructions per command (callgrind), old tree then this one, in one invocation."""
    few, many, wallets = 100, 400, 200
    callgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    got = {}
    with scratch_env("cpu") as env:
        for label, tree in (("old", os.path.abspath(old_tree)), ("new", HERE)):
            counts = []
            for commands in (few, many):  # the difference cancels start-up, imports and the wallets' creation
                found = re.search(r"Collected : (\d+)", run_child(tree, env, wallets, commands, 7, callgrind).stderr)
                assert found, "callgrind printed no total"
                counts.append(int(found.group(1)))
            got[label] = (counts[1] - counts[0]) / (many - few)
            print(f"{label}: {got[label]:,.0f} instructions per command [{tree}] load average {os.getloadavg()[0]:.1f}")
    print(f"new / old: {got['new'] / got['old']:.0%} (callgrind: {few} vs {many} commands over {wallets} wallets)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--cpu", metavar="OLD_TREE", help="A/B Python CPU per command against the code in OLD_TREE")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--commands", type=int, default=4000)
    parser.add_argument("--wallets", type=int, default=2000)
    parser.add_argument("--instructions", action="store_true", help="with --cpu: count instructions (callgrind)")
    parser.add_argument("--cpu-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_child:
        spec = json.loads(args.cpu_child)
        print(json.dumps(cpu_child(spec["env"], spec["wallets"], spec["commands"], spec["seed"])))
        return
    print(f"machine: {machine()}")
    if args.cpu:
        print(f"database: {BENCH_DATABASE_URL}")
        if args.instructions:
            instructions_ab(args.cpu)
        else:
            cpu_ab(args.cpu, args.pairs, args.wallets, args.commands)
        return
    with scratch_env("append") as env:
        ids = create_streams(env)
        prepare_raw(env)
        script = RAW_SCRIPT.format(streams=STREAMS, schema=env["POSTGRES_SCHEMA"])
        for writers in args.writers:
            es = [run_event_store(env, ids, writers, args.seconds) for _ in range(args.runs)]
            raw = [pgbench_tps(env, script, writers, int(args.seconds)) for _ in range(args.runs)]
            es_rate, raw_rate = median([r["commands_per_s"] for r in es]), median(raw)
            print(
                f"{writers} writer(s): event store {es_rate:,.0f} commands/s, raw PostgreSQL {raw_rate:,.0f}/s, "
                f"ratio {es_rate / raw_rate:.0%}; conflicts {sum(r['conflicts'] for r in es)}, "
                f"events {sum(r['events'] for r in es):,}, skipped {sum(r['skipped'] for r in es)}, "
                f"duplicates {sum(r['duplicates'] for r in es)} (medians of {args.runs} runs of {args.seconds:.0f} s)"
            )


if __name__ == "__main__":
    main()
