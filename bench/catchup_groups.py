"""Catch-up of the whole read side: the three worker groups in one process, or in three (issue 13).

Copies a database that ``astratrade up`` and ``simulate`` filled (``bench/footprint.py``), drops its
read models, migrates them afresh (every projection at position 0), then starts the workers and
times how long until every projection has no lag, with the CPU time the worker processes used.
Alternates the two layouts on fresh copies of the same log (``--runs`` each, medians), in one run:

* one process: ``astratrade worker core social policies`` (what ``up`` runs, docs/adr/0015);
* three processes: ``astratrade worker core``, ``… social``, ``… policies`` (``up`` before, compose).

    .venv/bin/python -m bench.catchup_groups [--source astratrade_footprint] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

import psutil
import psycopg

from bench.footprint import ENV
from bench.projections import load
from event_store.application import EventStore
from event_store.config import eventsourcing_env
from event_store.log import EventLog
from projections.groups import GROUPS

BASE = ENV["DATABASE_URL"].rsplit("/", 1)[0]
LAYOUTS = {"one process": [list(GROUPS)], "three processes": [[group] for group in GROUPS]}


def fresh_copy(source: str, name: str) -> str:
    """``name``: a copy of ``source`` whose read models are migrated afresh (every projection at 0)."""
    with psycopg.connect(BASE + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    url = f"{BASE}/{name}"
    with psycopg.connect(url, autocommit=True) as conn:
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema')"
            " AND nspname NOT LIKE 'pg\\_%'"
        ).fetchall()
        for (schema,) in schemas:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    subprocess.run([sys.executable, "-m", "astratrade.cli", "migrate"], env=_env(url), check=True, capture_output=True)
    return url


def _env(url: str) -> dict[str, str]:
    return {**os.environ, **ENV, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}


def load_source(source: str, events: int) -> None:
    """Append ``events`` wallet events (``bench.projections.load``: many wallets per save) to ``source``'s log."""
    load(eventsourcing_env(f"{BASE}/{source}"), events)


def log_head(url: str) -> int:
    """The log's last position: every projection has seen it once caught up."""
    store = EventStore(env=eventsourcing_env(url))
    try:
        return EventLog(store).last_position()
    finally:
        store.close()


def caught_up(url: str, head: int) -> bool:
    """Every projection that is not halted has seen ``head`` and has nothing left to read behind it."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT min(log_head), max(lag_events) FROM read_models.projection_tracking WHERE status <> 'halted'"
        ).fetchone()
    return row is not None and row[0] is not None and row[0] >= head and row[1] == 0


def catch_up(url: str, layout: list[list[str]], head: int) -> tuple[float, float]:
    """Seconds until every projection caught up, and the CPU seconds the worker processes used by then."""
    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "astratrade.cli", "worker", *groups],
            env=_env(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for groups in layout
    ]
    try:
        while not caught_up(url, head):
            assert all(w.poll() is None for w in workers), "a worker died"
            assert time.monotonic() - started < 900, "no catch-up within 15 min"
            time.sleep(0.1)
        wall = time.monotonic() - started
        cpu = sum(sum(psutil.Process(w.pid).cpu_times()[:2]) for w in workers)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(30)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=ENV["DATABASE_URL"].rsplit("/", 1)[1])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load", type=int, default=0, help="first append this many wallet events to the source")
    args = parser.parse_args()
    if args.load:
        load_source(args.source, args.load)
    with psycopg.connect(f"{BASE}/{args.source}", autocommit=True) as conn:
        events = conn.execute("SELECT count(*) FROM public.astratrade_events").fetchone()
    head = log_head(f"{BASE}/{args.source}")
    print(f"log: {events[0] if events else 0} events of {args.source}; load average {os.getloadavg()}")
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in LAYOUTS}
    for run in range(args.runs):
        for name, layout in LAYOUTS.items():
            url = fresh_copy(args.source, f"fp_catchup_{run}")
            results[name].append(catch_up(url, layout, head))
            print(f"  run {run + 1} {name}: {results[name][-1][0]:.1f} s wall, {results[name][-1][1]:.1f} s CPU")
    with psycopg.connect(BASE + "/postgres", autocommit=True) as conn:
        for run in range(args.runs):
            conn.execute(f'DROP DATABASE IF EXISTS "fp_catchup_{run}" WITH (FORCE)')
    for name, figures in results.items():
        wall, cpu = statistics.median(f[0] for f in figures), statistics.median(f[1] for f in figures)
        rate = (events[0] if events else 0) / wall
        print(f"{name:>16}: median {wall:.1f} s wall ({rate:,.0f} events/s), {cpu:.1f} s CPU")
    print(f"load average at the end {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
