"""Loading an aggregate in one round trip: its latest snapshot and the events after it together.

eventsourcing's repository asks the snapshot store for the latest snapshot, then the
event store for the events after it: two round trips for every load that misses
the aggregate cache. Here one statement answers both (event_store/recorder.py).
Historical loads (``version=``) keep eventsourcing's path.

Events are applied by ``replay``: eventsourcing's default projector asserts each
event against a runtime-checkable Protocol, an isinstance that costs more than
applying the event.

A load that hits the aggregate cache (most loads: event_store/config.py) is
eventsourcing's, fast-forward then deep copy, with two costs cut: the events after
the cached version are read by ``AstraRecorder.select_events_after`` (no generic
statement building), and the cached aggregate is guarded by one of a fixed set of
striped locks instead of a lock per aggregate that eventsourcing takes from, and
returns to, an LRU of locks under a global lock on every load (~4 % of a command's
Python, profiled).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from copy import deepcopy
from itertools import chain
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import Mapper

from event_store.recorder import AstraRecorder

# Two loads of different aggregates share a lock 1 time in 1,024 (then one waits for the
# other's fast-forward read); the same aggregate's always do, as with eventsourcing's.
LOCK_STRIPES = 1024


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
        self._stripes = [threading.Lock() for _ in range(LOCK_STRIPES)]

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: Any = replay,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        cache = self.cache
        if version is not None or cache is None or not self.fastforward:
            return super().get(
                aggregate_id,
                version=version,
                projector_func=projector_func,
                fastforward_skipping=fastforward_skipping,
                deepcopy_from_cache=deepcopy_from_cache,
            )
        copy = deepcopy_from_cache and self.deepcopy_from_cache
        try:
            aggregate = cache.get(aggregate_id)
            cached = True
        except KeyError:
            aggregate = self._reconstruct_aggregate(aggregate_id, None, projector_func)
            cache.put(aggregate_id, aggregate)
            cached = False
        lock = self._stripes[hash(aggregate_id) % LOCK_STRIPES]
        if not lock.acquire(blocking=not cached or not (fastforward_skipping or self.fastforward_skipping)):
            return deepcopy(aggregate) if copy else aggregate  # skipping, as eventsourcing's: the cached version
        try:
            if cached:
                decode = self._mapper.to_domain_event
                new_events = self._recorder.select_events_after(aggregate_id, aggregate.version)
                aggregate = projector_func(aggregate, (decode(e) for e in new_events))
                if aggregate is None:
                    raise AggregateNotFoundError(aggregate_id)
            # Copied under the lock too: a concurrent fast-forward mutates the cached object.
            return deepcopy(aggregate) if copy else aggregate
        finally:
            lock.release()

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
