"""Shared benchmark helpers: a scratch schema, percentiles, pgbench, machine facts."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from event_store.config import eventsourcing_env
from event_store.schema import ensure_database, migrate

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/astratrade_bench")


@contextmanager
def scratch_env(name: str, pool_size: int = 4) -> Iterator[dict[str, str]]:
    """A fresh migrated schema for one benchmark, dropped afterwards."""
    env = eventsourcing_env(BENCH_DATABASE_URL, schema=f"bench_{name}_{os.getpid()}", pool_size=pool_size)
    ensure_database(env)
    drop(env)
    migrate(env)
    try:
        yield env
    finally:
        drop(env)


def drop(env: dict[str, str]) -> None:
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{env["POSTGRES_SCHEMA"]}" CASCADE')


def conninfo(env: dict[str, str]) -> str:
    return (
        f"host={env['POSTGRES_HOST']} port={env['POSTGRES_PORT']} "
        f"dbname={env['POSTGRES_DBNAME']} user={env['POSTGRES_USER']}"
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def pgbench_tps(env: dict[str, str], script: str, clients: int, seconds: int) -> float:
    """Run pgbench with a custom script; return transactions per second."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(script)
    args = [
        "pgbench",
        "-n",
        "-h",
        env["POSTGRES_HOST"],
        "-p",
        env["POSTGRES_PORT"],
        "-U",
        env["POSTGRES_USER"],
        "-c",
        str(clients),
        "-j",
        str(min(clients, 2)),
        "-T",
        str(seconds),
        "-f",
        f.name,
        env["POSTGRES_DBNAME"],
    ]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    match = re.search(r"tps = ([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def machine() -> str:
    with psycopg.connect(BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/postgres") as conn:
        row = conn.execute("SHOW server_version").fetchone()
        sync = conn.execute("SHOW synchronous_commit").fetchone()
    assert row and sync
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {row[0]}, synchronous_commit={sync[0]}"
    )
