"""The dramatiq broker, configured once per process from the settings.

Actor modules declare actors with ``@dramatiq.actor``; this module must be
configured (``configure``) before they are imported, so the actors bind to the
configured broker (Redis or RabbitMQ: ``JOBS_BROKER``) rather than dramatiq's default.
"""

from __future__ import annotations

import dramatiq
import redis
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from jobs.metrics import JobOutcomes
from jobs.tracing import TraceJobs
from projections.policies.job_broker import DEFAULT_RABBITMQ_URL, broker_for

# Exhausted retries move a message to dramatiq's dead-letter queue (<queue>.XQ).
MAX_RETRIES = 8
MIN_BACKOFF_MS = 1_000
MAX_BACKOFF_MS = 5 * 60_000


def configure(redis_url: str, kind: str = "redis", rabbitmq_url: str = DEFAULT_RABBITMQ_URL) -> dramatiq.Broker:
    """Install the job broker for this process and return it. Job outcomes are counted in Redis
    whichever broker carries the jobs (jobs/metrics.py)."""
    outcomes = JobOutcomes(redis.Redis.from_url(redis_url)) if kind != "redis" else JobOutcomes()
    broker = broker_for(kind, redis_url, rabbitmq_url, middleware=middleware(outcomes=outcomes))
    dramatiq.set_broker(broker)
    return broker


def middleware(
    min_backoff_ms: int = MIN_BACKOFF_MS, max_backoff_ms: int = MAX_BACKOFF_MS, outcomes: JobOutcomes | None = None
) -> list[dramatiq.Middleware]:
    """The job workers' middleware (tests pass a short backoff); ``outcomes`` counts into the broker's own
    Redis unless given another (as it must be for RabbitMQ)."""
    # JobOutcomes first: after_* hooks run last to first, so it sees what Retries decided.
    # TraceJobs last: its after_process_message runs first, so the job's span ends before the others' bookkeeping.
    return [
        outcomes or JobOutcomes(),
        AgeLimit(),
        TimeLimit(),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        Retries(max_retries=MAX_RETRIES, min_backoff=min_backoff_ms, max_backoff=max_backoff_ms),
        TraceJobs(),
    ]
