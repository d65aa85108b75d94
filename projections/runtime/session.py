"""One leased session of a worker: the cycles that follow the log into the read model.

Each cycle reads, up to the log's safe head, at most ``batch_size`` events of the
projection's topics and commits them with the new tracking position in one
transaction. Positions whose events it does not handle are skipped in SQL and
cost one tracking write per cycle, not one per event; a cycle that finds nothing
new writes nothing at all.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from typing import Protocol

import psycopg

from event_store.log import EventLog
from projections.runtime.applier import TRANSIENT, Applier, Outcome
from projections.runtime.base import Projection
from projections.runtime.options import WorkerOptions
from projections.runtime.reading import Step, StepReader
from projections.runtime.tracking import Tracking, describe

log = logging.getLogger(__name__)
_COUNT_LAG_EVERY = 2.0  # seconds


class Holder(Protocol):
    """The lease as a session uses it: a process's own (``lease.Lease``) or a group's share
    (``projections.runtime.shared.GroupLease``)."""

    def check(self) -> None: ...

    def wait_for_append(self, timeout: float) -> None: ...

    def connection(self) -> AbstractContextManager[psycopg.Connection]: ...


class Worker(Protocol):
    """What a session needs of its worker."""

    projection: Projection
    options: WorkerOptions
    tracking: Tracking
    stop: threading.Event


@dataclass(frozen=True)
class Cycle:
    """What one cycle did (``outcome`` None: there was nothing new)."""

    outcome: Outcome | None
    position: int
    events: int = 0


class Session:
    """The cycles of one worker while it holds the lease."""

    def __init__(
        self, worker: Worker, lease: Holder, event_log: EventLog, applier_on: Callable[[psycopg.Connection], Applier]
    ) -> None:
        # ``applier_on``: a step's transaction runs on the connection the lease lends for it.
        self.worker, self.lease, self.log, self.applier_on = worker, lease, event_log, applier_on
        self.halted = False
        self.lag, self.lag_counted_at = 0, 0.0
        self.pending_wait = worker.options.pending_poll
        self.reader = StepReader(event_log, worker.options.batch_size, worker.projection.topics)
        with self._cursor() as cur:
            self.position, _status = worker.tracking.read(cur)
            worker.tracking.set_status(cur, "running")
        log.info("%s: lease taken at position %s", worker.projection.name, self.position)

    def serve(self) -> None:
        stop, options = self.worker.stop, self.worker.options
        while not stop.is_set():
            if self.halted:
                # Halted stays halted, holding the lease, until a restart (e.g. with
                # a fixed handler): neither this worker nor a standby loops on it.
                stop.wait(options.poll_interval)
            elif self.cycle().outcome is None:
                self.lease.wait_for_append(self._idle_wait())
            else:
                self.pending_wait = options.pending_poll

    def _idle_wait(self) -> float:
        """The poll interval, or a short one (doubling while it lasts) when events
        are waiting above the safe head for an older transaction to end."""
        options = self.worker.options
        if self.log.last_position() <= self.position:
            return options.poll_interval
        wait, self.pending_wait = self.pending_wait, min(self.pending_wait * 2, options.poll_interval)
        return wait

    def cycle(self) -> Cycle:
        """Read one step up to the safe head and commit it with the tracking row."""
        self.lease.check()
        start = self.position
        try:
            step = self.reader.next(start)
        except TRANSIENT:
            raise
        except Exception as error:  # an event that cannot even be decoded (unknown topic, failed upcast)
            return self._halt(f"cannot read the log after position {start}: {describe(error)}")
        if step is None:
            return Cycle(None, start)
        if not step.events and self.lag == 0 and not self.log.read(start, step.head, 1):
            # The safe head moves with every transaction in the database, our own
            # tracking writes included: advancing over a stretch with no events
            # at all would write (and move the head) forever. Nothing moved.
            return Cycle(None, start)
        step = replace(step, lag=self._lag(step))
        with self.lease.connection() as conn:
            outcome = self.applier_on(conn).apply(step)
        if outcome is Outcome.APPLIED:
            self.position = step.upto
        elif outcome is Outcome.CONFLICT:
            self._reread()
        else:
            self.halted = True
        return Cycle(outcome, self.position, len(step.events))

    def _lag(self, step: Step) -> int:
        """Events left behind the head after this step; counted at most every few
        seconds while catching up (a count scans the backlog), else carried over."""
        if step.upto == step.head:
            self.lag = 0
        elif time.monotonic() - self.lag_counted_at > _COUNT_LAG_EVERY:
            self.lag = self.log.count(step.upto, step.head)
            self.lag_counted_at = time.monotonic()
        else:
            self.lag = max(self.lag - len(step.events), 1)
        return self.lag

    def _halt(self, message: str) -> Cycle:
        # Whatever the poison policy: skipping what cannot be read would lose it
        # unseen, and crashing would only loop (a supervisor restarts the worker).
        log.error("%s: halted: %s", self.worker.projection.name, message)
        with self._cursor() as cur:
            self.worker.tracking.halt(cur, self.position, message)
        self.halted = True
        return Cycle(Outcome.HALTED, self.position)

    def _reread(self) -> None:
        # Someone else moved the row (a rebuild's swap, or a worker that wrongly
        # believed it held the lease): continue from where it really is.
        with self._cursor() as cur:
            self.position, _status = self.worker.tracking.read(cur)
        log.info("%s: tracking moved elsewhere; continuing from %s", self.worker.projection.name, self.position)

    @contextmanager
    def _cursor(self) -> Iterator[psycopg.Cursor]:
        """A cursor in a transaction of its own, on the connection the lease lends."""
        with self.lease.connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield cur
