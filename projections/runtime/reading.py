"""Cutting the global log into steps: the events of one transaction and where it ends."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from event_store.log import EventLog, LoggedEvent


@dataclass(frozen=True)
class Step:
    """Events of ``(start, upto]`` with the given topics, all of them."""

    start: int
    upto: int
    head: int
    events: Sequence[LoggedEvent]
    lag: int = 0  # events (of any topic) left between ``upto`` and ``head``, if known

    def part(self, start: int, upto: int, events: Sequence[LoggedEvent] = ()) -> Step:
        """A part of this step (same head), for applying it event by event."""
        return Step(start, upto, self.head, events, self.lag)


def read_step(log: EventLog, start: int, head: int, limit: int, topics: Sequence[str]) -> Step:
    """The next step after ``start``, never past ``head`` (the safe head).

    A full batch may stop short of the head; otherwise every position up to the
    head was seen, handled or not, so the step can end at the head itself. That is
    how positions a projection ignores cost nothing but one tracking write.
    """
    events = log.read(start, head, limit, topics)
    upto = events[-1].position if len(events) == limit else head
    return Step(start, upto, head, events)


class StepReader:
    """Reads the next step in a background thread while the current one is applied.

    While catching up, decoding the next batch overlaps the database executing
    the current one. Within one catch-up the head is read once: every step up to
    it is final, so a prefetched step stays valid as long as the caller continues
    from where it ended (anything else, e.g. after a conflict, discards it).
    """

    def __init__(self, log: EventLog, limit: int, topics: Sequence[str]) -> None:
        self.log, self.limit, self.topics = log, limit, tuple(topics)
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="step-reader")
        self._next: tuple[int, Future[Step]] | None = None

    def next(self, start: int) -> Step | None:
        """The step after ``start``, or None when the log has nothing past it."""
        step = self._prefetched(start)
        if step is None:
            head = self.log.head()
            if head <= start:
                return None
            step = read_step(self.log, start, head, self.limit, self.topics)
        if step.upto < step.head:
            self._next = (
                step.upto,
                self._executor.submit(read_step, self.log, step.upto, step.head, self.limit, self.topics),
            )
        return step

    def close(self) -> None:
        self._next = None
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _prefetched(self, start: int) -> Step | None:
        if self._next is None:
            return None
        at, future = self._next
        self._next = None
        if at != start:
            future.cancel()
            return None
        return future.result()
