"""Running the test actor's dramatiq worker as a process of its own, enqueueing its jobs, reading its attempts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dramatiq
import psycopg
from dramatiq.brokers.redis import RedisBroker
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
HEARTBEAT_TIMEOUT_MS = 2_000
QUEUE = "faults"  # a queue of its own: the system's job workers never take the test actor's messages


def create_attempts_table(database_url: str, schema: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (job_id text NOT NULL, stage text NOT NULL,"
                " pid int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())"
            ).format(sql.Identifier(schema, "job_attempts"))
        )


def start_job_worker(database_url: str, schema: str, redis_url: str) -> subprocess.Popen[bytes]:
    """``dramatiq tests.faults.actors``: the worker ``astratrade jobs`` is, with the test actor loaded."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_SCHEMA": schema,
        "REDIS_URL": redis_url,
        "JOBS_HEARTBEAT_TIMEOUT_MS": str(HEARTBEAT_TIMEOUT_MS),
        "JOBS_MAINTENANCE_CHANCE": "1000000",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "tests.faults.actors",
            "--processes",
            "1",
            "--threads",
            "2",
            "--queues",
            QUEUE,
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and its forked worker processes (what a crashed container looks like)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def enqueue(
    redis_url: str, job_id: str, user_id: str, amount: str, *, pause_before: float = 0.0, pause_after: float = 0.0
) -> None:
    broker = RedisBroker(url=redis_url)
    try:
        broker.enqueue(
            dramatiq.Message(
                queue_name=QUEUE,
                actor_name="credit_once",
                args=(job_id, user_id, amount, pause_before, pause_after),
                kwargs={},
                options={},
            )
        )
    finally:
        broker.close()


def stages(database_url: str, schema: str, job_id: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            sql.SQL("SELECT stage FROM {} WHERE job_id = %s ORDER BY at").format(
                sql.Identifier(schema, "job_attempts")
            ),
            (job_id,),
        ).fetchall()
    return [stage for (stage,) in rows]


def wait_for_stages(database_url: str, schema: str, job_id: str, expected: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (found := stages(database_url, schema, job_id)) != expected:
        assert time.monotonic() < deadline, f"job {job_id}: stages {found}, expected {expected}"
        time.sleep(0.1)
