"""The base aggregate: events stamped by the injectable clock, explicit versions.

Every aggregate has a permanent ``TOPIC`` and so must every one of its event
classes; each aggregate names its creation event after the fact it records
(``Registered``, ``Opened``), deriving it from ``CreationEvent``.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from aggregates import clock


class AstraAggregate(Aggregate):
    """Base of every AstraTrade aggregate."""

    class Event(Aggregate.Event):
        # Explicit schema version of every event; bump it and add an
        # ``upcast_vN_vN+1`` static method when a published event changes shape.
        class_version = 1

        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    @property
    def uuid(self) -> UUID:
        return self.id



# eventsourcing copies every event class in a base's own namespace into each
# subclass. A copied ``Created`` would have no permanent topic, so the base keeps
# none: each aggregate declares its own creation event on ``CreationEvent``.
delattr(AstraAggregate, "Created")


class CreationEvent(AstraAggregate.Event, Aggregate.Created):
    """Base of every aggregate's creation event (``Registered``, ``Opened``…)."""
