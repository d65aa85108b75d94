"""The base aggregate: events stamped by the injectable clock, explicit versions.

Every aggregate has a permanent ``TOPIC`` and so must every one of its event
classes; each aggregate names its creation event after the fact it records
(``Registered``, ``Opened``), deriving it from ``CreationEvent``.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from aggregates import clock

# Values deepcopy may share rather than copy. The repository deep-copies every
# aggregate it hands to a command (so a refused command cannot corrupt its cache),
# and the generic deepcopy rebuilds each UUID and datetime through __reduce_ex__.
_IMMUTABLE = (str, int, bool, Decimal, UUID, datetime, date, Enum, type(None))


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

    def __deepcopy__(self, memo: dict[int, Any]) -> AstraAggregate:
        clone = object.__new__(type(self))
        memo[id(self)] = clone
        clone.__dict__.update(
            (name, value if isinstance(value, _IMMUTABLE) else deepcopy(value, memo))
            for name, value in self.__dict__.items()
        )
        return clone


# eventsourcing copies every event class in a base's own namespace into each
# subclass. A copied ``Created`` would have no permanent topic, so the base keeps
# none: each aggregate declares its own creation event on ``CreationEvent``.
delattr(AstraAggregate, "Created")


class CreationEvent(AstraAggregate.Event, Aggregate.Created):
    """Base of every aggregate's creation event (``Registered``, ``Opened``…)."""
