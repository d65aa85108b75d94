"""The relay's loop: follow the log up to the safe head and publish it, batch by batch, in order.

It reads the way the projection runtime does (``EventLog.read`` up to a ``head()`` it read: never
past it, so a late commit is never skipped) and resumes from what the target says it last
published, so it keeps no position of its own. One relay is active at a time (a PostgreSQL
advisory lock, the projections' ``Lease``); a second one waits as a standby. Were two ever to run,
Redis would refuse every entry the other had published: no duplicate, no gap.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import psycopg

from event_store.log import EventLog
from projections.runtime.lease import Lease
from relay.target import OutOfStep, Target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelayOptions:
    batch_size: int = 500
    poll_interval: float = 1.0  # seconds: the fallback should a NOTIFY be missed
    pending_poll: float = 0.01  # seconds, doubling: while events wait above the safe head
    lease_poll: float = 0.5
    max_backoff: float = 10.0


class Relay:
    """Publishes the log to one target, from where it left off."""

    def __init__(self, event_log: EventLog, target: Target, options: RelayOptions | None = None) -> None:
        self.log, self.target, self.options = event_log, target, options or RelayOptions()
        self.position = 0  # every event at or below it is published (or has been looked at)
        self.added = self.already = 0  # since start, for the metrics

    def resume(self) -> int:
        self.position = self.target.published()
        return self.position

    def step(self) -> int:
        """Publish the next batch (at most ``batch_size`` events, up to the safe head); how many events it read."""
        head = self.log.head()
        if head <= self.position:
            return 0
        limit = self.options.batch_size
        events = self.log.read(self.position, head, limit)
        if events:
            try:
                published = self.target.publish(events)
            except OutOfStep as error:  # e.g. Redis lost the streams: publish the log again from what is left
                log.warning("relay: %s; resuming after position %s", error, self.resume())
                return len(events)
            self.added, self.already = self.added + published.added, self.already + published.already
        # A short batch saw every position up to the head: nothing below it is left to publish.
        self.position = events[-1].position if len(events) == limit else head
        return len(events)

    def catch_up(self) -> None:
        """Publish everything up to the current safe head (tests, benchmarks)."""
        self.resume()
        while self.step():
            pass

    def run(self, lease: Lease, stop: threading.Event) -> None:
        """Serve until ``stop``: take the lease, publish, wait on NOTIFY; reconnect after outages."""
        delay = 0.5
        transient: tuple[type[Exception], ...] = (psycopg.OperationalError, *self.target.transient)
        while not stop.is_set():
            try:
                if lease.acquire(stop, self.options.lease_poll):
                    log.info("relay: lease taken; resuming after position %s", self.resume())
                    delay = 0.5
                    self._serve(lease, stop)
            except transient as error:
                log.warning(
                    "relay: %s unavailable (%s); retrying in %.1fs",
                    "PostgreSQL" if isinstance(error, psycopg.Error) else "the bus",
                    error,
                    delay,
                )
                stop.wait(delay)
                delay = min(self.options.max_backoff, delay * 2)
            finally:
                lease.release()

    def _serve(self, lease: Lease, stop: threading.Event) -> None:
        pending = self.options.pending_poll
        while not stop.is_set():
            lease.check()
            if self.step():
                pending = self.options.pending_poll
                continue
            if self.log.last_position() > self.position:  # events wait above the head for an older transaction
                lease.wait_for_append(pending)
                pending = min(pending * 2, self.options.poll_interval)
            else:
                lease.wait_for_append(self.options.poll_interval)
