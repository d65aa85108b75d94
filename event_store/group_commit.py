"""Group commit: the appends of one process's concurrent commands share one transaction.

Commands arriving while a batch is being written queue up; when it commits, the
first of them leads the next batch, which takes every queued append (the way
PostgreSQL's own group commit shares a WAL flush). A lone command waits for
nobody: it leads a batch of one at once. There is no thread of its own: the
leader is always a caller, so no hand-off costs anything when nothing is queued.

Each append keeps its own outcome (positions, or refused); the statement that
writes a batch decides that per command (event_store/recorder.py). Two appends
to one stream, or with one idempotency key, never share a batch: the later
waits for the next one, where it meets the earlier's commit like any conflict.
docs/adr/0007-group-commit.md records the design.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import StoredEvent

if TYPE_CHECKING:
    from event_store.recorder import IdempotencyRecord

MAX_BATCH_COMMANDS = 256
MAX_BATCH_EVENTS = 10_000  # far below the 2**20 positions of one transaction
MAX_IN_FLIGHT = 2  # batches written at once per process (bench: docs/performance.md)


class Alone:
    """Outcome of an append whose batch failed as a whole: the caller writes it alone,
    so that whatever failed is its own failure and no neighbour's."""

    def __init__(self, maybe_committed: bool) -> None:
        # True after a lost connection: the batch may have committed, so a conflict on the
        # retry must be checked against the append's own events (recorder).
        self.maybe_committed = maybe_committed


@dataclass(eq=False)
class Append:
    """One command's append: its events, its idempotency record, and (once written) its outcome."""

    events: Sequence[StoredEvent]
    record: IdempotencyRecord | None
    outcome: Any = None  # list of positions, an exception to raise, or Alone
    leading: bool = False  # its thread holds a slot: it writes batches until its own is written
    # Outcome set, or: lead. Only an append that waits for one has it (made under the lock,
    # before anyone can set it): a lone command, leading at once, never pays for an Event.
    wake: threading.Event | None = None

    def claims(self) -> set[Any]:
        """What no other append of its batch may write: its streams and its key."""
        names: set[Any] = {e.originator_id for e in self.events}
        if self.record is not None:
            names.add((self.record.actor, self.record.key))
        return names


class GroupCommit:
    """Batches concurrent ``submit`` calls; ``write(batch)`` sets each append's outcome.

    At most ``max_in_flight`` batches are written at once: one would put every
    command behind a single round trip and wake-up after another (on a loaded
    machine each wake-up waits for a core); a few keep PostgreSQL's own parallelism
    while each still shares its commit among many commands.
    """

    def __init__(self, write: Callable[[list[Append]], None], max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self._write = write
        self.max_in_flight = max_in_flight
        self._cond = threading.Condition()
        self._queue: list[Append] = []
        self._in_flight = 0  # slots held by leading threads
        self._claimed: set[Any] = set()  # the claims of the batches being written
        self.batches = 0  # batches written by this process (tests, benches)

    def submit(self, append: Append) -> Any:
        """Write ``append`` in some batch; return its outcome once that batch has committed."""
        with self._cond:
            self._queue.append(append)
            if self._in_flight < self.max_in_flight:
                self._in_flight += 1
                append.leading = True
            else:
                append.wake = threading.Event()
        if append.wake is not None:
            append.wake.wait()  # written by another thread's batch, or handed a slot
        while append.outcome is None:
            self._lead_one(append)
        return append.outcome

    def _lead_one(self, leader: Append) -> None:
        with self._cond:
            batch = self._take()
            while not batch and leader.outcome is None:  # all queued wait on claims being written
                self._cond.wait()
                batch = self._take()
            claims = set().union(*(item.claims() for item in batch))
            self._claimed |= claims
        try:
            if batch:
                self._write(batch)
        finally:
            for item in batch:
                if item.outcome is None:  # write() raised: every append of it goes alone
                    item.outcome = Alone(maybe_committed=True)
            with self._cond:
                self._claimed -= claims
                self.batches += bool(batch)
                if leader.outcome is not None:  # our slot passes to the oldest append waiting for one
                    successor = next((a for a in self._queue if not a.leading), None)
                    if successor is None:
                        self._in_flight -= 1
                    else:
                        successor.leading = True
                        assert successor.wake is not None  # it was queued without a slot
                        successor.wake.set()
                self._cond.notify_all()
            for item in batch:
                if item.wake is not None and item is not leader:
                    item.wake.set()

    def _take(self) -> list[Append]:
        """The next batch: queued appends in arrival order whose claims overlap neither
        each other's nor those of the batches being written."""
        batch: list[Append] = []
        claimed = set(self._claimed)
        events = 0
        rest: list[Append] = []
        for item in self._queue:
            names = item.claims()
            if (
                len(batch) < MAX_BATCH_COMMANDS
                and events + len(item.events) <= MAX_BATCH_EVENTS
                and not names & claimed
            ):
                batch.append(item)
                claimed |= names
                events += len(item.events)
            else:
                rest.append(item)
        self._queue = rest
        return batch
