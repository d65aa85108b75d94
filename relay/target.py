"""What the relay publishes to: a target that refuses a position it already holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from event_store.log import LoggedEvent


@dataclass(frozen=True)
class Published:
    """What one batch did: entries added, and entries the target refused as already there."""

    added: int
    already: int


class OutOfStep(Exception):
    """The target holds less than it did (deleted, flushed, recreated): the relay resumes from what it holds."""


class Target(Protocol):
    """Redis Streams (``relay.redis_streams``) or NATS JetStream (``relay.nats_jetstream``)."""

    # Errors of an outage (connection lost, timed out): the relay waits and resumes rather than dies.
    transient: tuple[type[Exception], ...]

    def published(self) -> int:
        """The position of the last event the target holds (0: none): where the relay resumes."""
        ...

    def publish(self, events: Sequence[LoggedEvent]) -> Published:
        """Publish consecutive events of the log, in order; those it already holds are counted, not added."""
        ...
