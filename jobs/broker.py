"""The dramatiq broker, configured once per process from the settings.

Actor modules declare actors with ``@dramatiq.actor``; this module must be
configured (``configure``) before they are imported, so the actors bind to the
Redis broker rather than dramatiq's default.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from jobs.metrics import JobOutcomes
from jobs.tracing import TraceJobs

# Exhausted retries move a message to dramatiq's dead-letter queue (<queue>.XQ).
MAX_RETRIES = 8
MIN_BACKOFF_MS = 1_000
MAX_BACKOFF_MS = 5 * 60_000


def configure(redis_url: str) -> RedisBroker:
    """Install the Redis broker for this process and return it."""
    # A worker killed mid-job: its messages go back to the queue once its heartbeat
    # is 15 s stale (dramatiq's default is 60 s, checked on 0.1 % of calls).
    broker = RedisBroker(url=redis_url, heartbeat_timeout=15_000, maintenance_chance=100_000, middleware=middleware())
    dramatiq.set_broker(broker)
    return broker


def middleware(min_backoff_ms: int = MIN_BACKOFF_MS, max_backoff_ms: int = MAX_BACKOFF_MS) -> list[dramatiq.Middleware]:
    """The job workers' middleware (tests pass a short backoff)."""
    # JobOutcomes first: after_* hooks run last to first, so it sees what Retries decided.
    # TraceJobs last: its after_process_message runs first, so the job's span ends before the others' bookkeeping.
    return [JobOutcomes(), AgeLimit(), TimeLimit(), ShutdownNotifications(), Callbacks(), Pipelines(),
            Retries(max_retries=MAX_RETRIES, min_backoff=min_backoff_ms, max_backoff=max_backoff_ms), TraceJobs()]
