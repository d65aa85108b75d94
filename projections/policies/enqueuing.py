"""``EnqueuingPolicy``: a policy whose reactions are jobs on the dramatiq broker (ids only).

The one home of what every such policy did for itself: the broker is the one given (tests) or
else the one ``JOBS_BROKER`` names (``job_broker.from_environ``), installed when the worker starts
serving (``started``: a subclass's own ``started`` calls it first, then may enqueue its catch-up)
and closed when it stops, and an enqueue the broker refuses becomes ``BrokerUnavailable``.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Protocol

import psycopg
from dramatiq import Message

from aggregates.clock import Clock, system_clock
from event_store.application import EventStore
from projections.policies import job_broker
from projections.policies.base import Policy


class BrokerUnavailable(psycopg.OperationalError):
    """The broker (Redis or RabbitMQ) refused a job. Raised as a connection error on purpose: the runtime then
    retries the event after a back-off (as for a lost database) instead of parking it, so no job is dropped
    while the broker is down."""


class Enqueuer(Protocol):
    """What a policy uses of a dramatiq broker (the tests pass one that only records)."""

    def enqueue(self, message: Message[Any], *, delay: int | None = None) -> Message[Any]: ...

    def close(self) -> None: ...


class EnqueuingPolicy(Policy):
    """A policy that enqueues jobs: ``enqueue`` from its reactions and its ``started`` catch-up."""

    def __init__(self, broker: Enqueuer | None = None, now: Clock = system_clock) -> None:
        super().__init__()
        self._broker, self._owns_broker, self.now = broker, broker is None, now

    def started(self, store: EventStore) -> None:  # noqa: ARG002
        if self._broker is None:  # a bad JOBS_BROKER fails the start, not an event
            self._broker = job_broker.from_environ()  # JOBS_BROKER: Redis or RabbitMQ

    def close(self) -> None:
        super().close()
        if self._owns_broker and self._broker is not None:
            self._broker.close()
            self._broker = None

    def enqueue(self, queue: str, actor: str, args: tuple[Any, ...], due_at: datetime | None = None) -> None:
        """One job of ``actor`` with ``args`` on ``queue``: at once, or delayed until ``due_at`` (at once
        when overdue). A job is idempotent, so enqueueing one again (a replay, a catch-up) is safe."""
        assert self._broker is not None, "started() installs the broker"
        delay = None if due_at is None else max(0, math.ceil((due_at - self.now()).total_seconds() * 1000))
        message: Message[Any] = Message(queue_name=queue, actor_name=actor, args=args, kwargs={}, options={})
        try:
            self._broker.enqueue(message, delay=delay)
        except job_broker.ENQUEUE_ERRORS as error:
            verb = "enqueue" if due_at is None else "schedule"
            raise BrokerUnavailable(f"cannot {verb} {actor}{args}: {error}") from error
