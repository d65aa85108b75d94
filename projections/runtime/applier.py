"""Applies events to a projection's tables, one transaction per step, poison-aware.

A step moves the guard (the tracking row) from ``start`` to ``upto`` and applies
the events in between, atomically. A failing batch is retried event by event so
one bad event cannot hold back the good ones around it; an event that keeps
failing is parked (``on_poison = "skip"``) or halts the projection (``"halt"``).
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import psycopg
from eventsourcing import persistence
from psycopg import Cursor
from psycopg_pool import PoolTimeout

from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.runtime.reading import Step
from projections.runtime.tracing import traced
from projections.runtime.tracking import describe

log = logging.getLogger(__name__)

# Lost connections, restarts, timeouts: worth reconnecting for, never a reason to
# park an event (the event is fine; the database was not).
TRANSIENT: tuple[type[Exception], ...] = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    persistence.OperationalError,
    persistence.InterfaceError,
    PoolTimeout,
)


class Outcome(enum.Enum):
    APPLIED = "applied"
    CONFLICT = "conflict"  # the guard had moved: nothing was written
    HALTED = "halted"


class Guard(Protocol):
    """What a step writes beside the read-model rows (the live tracking row, or
    nothing for a rebuild's private tables)."""

    def advance(self, cur: Cursor, step: Step, last_event_at: datetime | None) -> bool: ...

    def park(self, cur: Cursor, event: LoggedEvent, error: str, attempts: int) -> None: ...

    def halt(self, cur: Cursor, position: int, error: str) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    backoff: float = 0.1  # seconds, doubled after each failed attempt

    def delay(self, attempt: int) -> float:
        return self.backoff * 2.0 ** (attempt - 1)


class _Conflict(Exception):
    """Raised inside a transaction block to roll it back."""


class Applier:
    """Commits steps of one projection on one connection (autocommit mode)."""

    def __init__(
        self,
        conn: psycopg.Connection,
        projection: Projection,
        tables: Tables,
        guard: Guard,
        retry: RetryPolicy = RetryPolicy(),
        *,
        logged: bool = False,
    ) -> None:
        """``logged``: log each batch with its correlation ids (a live worker; a rebuild is silent)."""
        self.conn, self.projection, self.tables, self.guard, self.retry = conn, projection, tables, guard, retry
        self.logged = logged

    def apply(self, step: Step) -> Outcome:
        """Apply the step's events and move the guard from its start to its end."""
        try:
            return self._commit(step)
        except TRANSIENT:
            raise
        except Exception as error:  # any handler failure may be one poison event
            log.warning(
                "%s: batch (%s, %s] failed (%s); retrying event by event",
                self.projection.name,
                step.start,
                step.upto,
                describe(error),
            )
        return self._one_by_one(step)

    def _commit(self, step: Step) -> Outcome:
        last_event_at = step.events[-1].timestamp if step.events else None
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                # The guard goes first: it takes the tracking row lock before any
                # read-model lock, so a rebuild's swap (which locks the row first
                # too) serialises with this step instead of deadlocking.
                if not self.guard.advance(cur, step, last_event_at):
                    raise _Conflict
                self._apply(cur, step.events)
        except _Conflict:
            return Outcome.CONFLICT
        return Outcome.APPLIED

    def _apply(self, cur: Cursor, events: Sequence[LoggedEvent]) -> None:
        if not events:
            return
        if self.logged:
            with traced(self.projection.name, events):
                self._run_handlers(cur, events)
        else:
            self._run_handlers(cur, events)

    def _run_handlers(self, cur: Cursor, events: Sequence[LoggedEvent]) -> None:
        if self.projection.pipelined:
            # Pipeline mode sends the handlers' statements without waiting for each
            # reply: one round trip per batch instead of one per statement.
            with self.conn.pipeline():
                self.projection.apply_batch(cur, self.tables, events)
        else:
            self.projection.apply_batch(cur, self.tables, events)

    def _one_by_one(self, step: Step) -> Outcome:
        position = step.start
        for event in step.events:
            outcome = self._apply_single(step.part(position, event.position, (event,)))
            if outcome is not Outcome.APPLIED:
                return outcome
            position = event.position
        return Outcome.APPLIED if position == step.upto else self._commit(step.part(position, step.upto))

    def _apply_single(self, single: Step) -> Outcome:
        error: Exception = RuntimeError("no attempt made")
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return self._commit(single)
            except TRANSIENT:
                raise
            except Exception as exc:  # a handler failure: retried, then given up on
                error = exc
                if attempt < self.retry.attempts:
                    time.sleep(self.retry.delay(attempt))
        return self._give_up(single, error)

    def _give_up(self, single: Step, error: Exception) -> Outcome:
        [event] = single.events
        message = f"position {event.position} ({event.topic}): {describe(error)}"
        log.error("%s: giving up on %s after %s attempts", self.projection.name, message, self.retry.attempts)
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                if self.projection.on_poison == "halt":
                    self.guard.halt(cur, single.start, message)
                    return Outcome.HALTED
                # Parked in the same transaction that moves past it: never both
                # skipped and lost, never parked twice by a replay.
                if not self.guard.advance(cur, single, None):
                    raise _Conflict
                self.guard.park(cur, event, describe(error), self.retry.attempts)
        except _Conflict:
            return Outcome.CONFLICT
        return Outcome.APPLIED
