"""A test actor for the job fault tests, run by a real dramatiq worker (``dramatiq tests.faults.actors``).

``credit_once(job_id, user_id, amount, pause_before, pause_after)`` is shaped like
every AstraTrade side effect: it receives ids only, does its effect through an
idempotent command (a deposit keyed ``job:<job_id>``) and may run more than once
(dramatiq is at-least-once). It records each attempt in ``<schema>.job_attempts``
so a test can see it ran again after a kill, and pauses before and after the
effect so the test can kill its worker exactly there.

The broker is the production one (``jobs.broker.configure``), except that a dead
worker's unacknowledged messages are requeued after ``JOBS_HEARTBEAT_TIMEOUT_MS``
with maintenance on every fetch: dramatiq's defaults (60 s, 0.1 % of fetches)
make a killed job wait minutes, see docs/reliability.md.
"""

from __future__ import annotations

import os
import time
from decimal import Decimal
from uuid import UUID

import dramatiq
import psycopg
from dramatiq.brokers.redis import RedisBroker
from psycopg import sql

from event_store.application import EventStore
from event_store.config import eventsourcing_env
from event_store.metadata import CommandContext
from jobs.broker import configure
from services.commands import CommandRunner, Idempotency
from services.trading import TradingService
from tests.faults.jobs_support import QUEUE

broker = configure(os.environ["REDIS_URL"])
assert isinstance(broker, RedisBroker)  # the default kind; these two knobs are Redis's
broker.heartbeat_timeout = int(os.environ.get("JOBS_HEARTBEAT_TIMEOUT_MS", "60000"))
broker.maintenance_chance = int(os.environ.get("JOBS_MAINTENANCE_CHANCE", "1000"))
_env = eventsourcing_env(os.environ["DATABASE_URL"], schema=os.environ["DATABASE_SCHEMA"], pool_size=2)
_store: EventStore | None = None


def attempts_table() -> sql.Identifier:
    return sql.Identifier(os.environ["DATABASE_SCHEMA"], "job_attempts")


def _record(job_id: str, stage: str) -> int:
    """Record a stage of this attempt; how many times the job has reached it so far."""
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(
            sql.SQL("INSERT INTO {} (job_id, stage, pid) VALUES (%s, %s, %s)").format(attempts_table()),
            (job_id, stage, os.getpid()),
        )
        row = conn.execute(
            sql.SQL("SELECT count(*) FROM {} WHERE job_id = %s AND stage = %s").format(attempts_table()),
            (job_id, stage),
        ).fetchone()
    return int(row[0]) if row else 0


def _trading() -> TradingService:
    global _store  # noqa: PLW0603  (one store per worker process, opened on first use)
    if _store is None:
        _store = EventStore(env=_env)
    return TradingService(CommandRunner(_store))


@dramatiq.actor(queue_name=QUEUE, max_retries=3, min_backoff=100, max_backoff=1000)
def credit_once(job_id: str, user_id: str, amount: str, pause_before: float = 0.0, pause_after: float = 0.0) -> None:
    """Deposit ``amount`` to ``user_id`` exactly once however often the job runs (pauses on the first run only)."""
    first = _record(job_id, "started") == 1
    time.sleep(pause_before if first else 0)
    context = CommandContext(actor="job:faults", correlation_id=f"job:{job_id}")
    idempotency = Idempotency(key=f"job:{job_id}", request={"job_id": job_id, "amount": amount})
    _trading().deposit(UUID(user_id), Decimal(amount), "USD", context, idempotency)
    _record(job_id, "effect done")
    time.sleep(pause_after if first else 0)
