"""Loading an aggregate in one round trip: its latest snapshot and the events after it together.

eventsourcing's repository asks the snapshot store for the latest snapshot, then the
event store for the events after it: two round trips for every load that misses
the aggregate cache. Here one statement answers both (event_store/recorder.py).
Historical loads (``version=``) keep eventsourcing's path.

Events are applied by ``replay``: eventsourcing's default projector asserts each
event against a runtime-checkable Protocol, an isinstance that costs more than
applying the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import Mapper

from event_store.recorder import AstraRecorder


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply ``events`` in order to ``aggregate`` (None before the first)."""
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


class OneTripRepository(Repository[UUID]):
    """A Repository whose cache misses cost one query."""

    def __init__(self, recorder: AstraRecorder, mapper: Mapper[UUID], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._recorder = recorder
        self._mapper = mapper

    def get(self, aggregate_id: UUID, *, projector_func: Any = replay, **options: Any) -> Any:
        return super().get(aggregate_id, projector_func=projector_func, **options)

    def _reconstruct_aggregate(self, aggregate_id: UUID, version: int | None, projector_func: Any) -> Any:
        if version is not None or self.snapshot_store is None:
            return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
        snapshot, events = self._recorder.select_snapshot_and_events(aggregate_id)
        decode = self._mapper.to_domain_event
        stored = chain([snapshot] if snapshot is not None else [], events)
        aggregate = projector_func(None, (decode(s) for s in stored))
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} not found.")
        return aggregate
