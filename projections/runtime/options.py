"""How a projection worker behaves: batch size, polling, back-off, retries, durability."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from projections.runtime.applier import RetryPolicy


@dataclass(frozen=True)
class WorkerOptions:
    batch_size: int = 1_000
    poll_interval: float = 1.0  # seconds: the fallback should a NOTIFY be missed
    # Seconds between polls while events exist above the safe head: the head waits
    # for every older transaction of the CLUSTER, and most (read-model writes,
    # other databases) end without a NOTIFY on the events channel.
    pending_poll: float = 0.01
    lease_poll: float = 0.5  # seconds between a standby's attempts to take the lease
    max_backoff: float = 10.0  # seconds, between reconnection attempts
    retry: RetryPolicy = RetryPolicy()
    # Off: a step's commit does not wait for its WAL flush (an fsync: most of the
    # lag on a busy disk). Safe for exactly-once: rows and tracking position are
    # lost or kept together, so after a server crash the worker re-applies the
    # same events. The cost: a read answered just before such a crash may vanish
    # until re-applied. Events themselves stay durable (the event store commits
    # synchronously); a rebuild's swap too.
    durable_commits: bool = False
    # eventsourcing's variables of a hot standby (READ_DATABASE_URL) to read the log from; leases,
    # tracking, read-model writes and a policy's commands stay on the primary (docs/adr/0010). The CLI
    # then turns durable_commits on: a standby only receives flushed WAL (bench/replica.py).
    log_env: Mapping[str, str] | None = None
