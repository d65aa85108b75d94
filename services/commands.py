"""Runs one command: clock and metadata installed, bounded retries, idempotency.

A command is a ``decide`` function that loads aggregates, calls their command
methods and returns a ``Decision``: the aggregates to save and the answer body.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from aggregates import clock as domain_clock
from aggregates.clock import Clock
from event_store import metadata
from event_store.application import EventStore
from event_store.metadata import CommandContext
from event_store.recorder import IdempotencyRecord
from services.errors import ConcurrencyConflict, IdempotencyKeyReused

if TYPE_CHECKING:
    from event_store.async_store import AsyncStore

# 12, not 8: with 100 concurrent withdrawals on one funded wallet over HTTP, 8 jittered
# attempts left ~20 % of them refused as concurrency_conflict, 12 leave 0-4 % (tests/api).
MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Decision:
    """What a command decided: aggregates with pending events, and its answer."""

    aggregates: list[Aggregate]
    body: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True)
class CommandResult:
    """The answer to a command: HTTP status, body and the position of its last event."""

    status: int
    body: dict[str, Any]
    position: int
    replayed: bool = False


@dataclass(frozen=True)
class Idempotency:
    """An Idempotency-Key with a fingerprint of the request it was first used with."""

    key: str
    request: Any
    # Anonymous callers share no namespace: a command without an actor names its own
    # (registration: a keyed hash of the claimed username), so strangers' keys never meet.
    anonymous_scope: str | None = None

    def fingerprint(self) -> str:
        canonical = json.dumps(self.request, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


class CommandRunner:
    """Executes decide functions against the event store."""

    def __init__(self, store: EventStore, clock: Clock = domain_clock.system_clock) -> None:
        self.store = store
        self.clock = clock

    def run(
        self, decide: Callable[[], Decision], context: CommandContext, idempotency: Idempotency | None = None
    ) -> CommandResult:
        """Decide and save, retrying version conflicts a bounded number of times."""
        if idempotency is not None:
            earlier = self._earlier_answer(context, idempotency)
            if earlier is not None:
                return earlier
        for attempt in range(MAX_ATTEMPTS):
            with domain_clock.using(self.clock), metadata.using(context):
                decision = decide()
                record = self._record(context, idempotency, decision)
                try:
                    recordings = self.store.save(*decision.aggregates, idempotency=record)
                except IntegrityError:
                    if idempotency is not None and (earlier := self._earlier_answer(context, idempotency)):
                        return earlier
                    _backoff(attempt)
                    continue
            return CommandResult(decision.status, decision.body, recordings[-1].notification.id)
        raise ConcurrencyConflict(f"gave up after {MAX_ATTEMPTS} concurrent modifications; retry the command")

    @cached_property
    def aio(self) -> AsyncStore:
        """The store's async path (event_store/async_store.py), for ``run_async`` and async loads."""
        # Imported here: only the command API runs commands on an event loop; the workers and job threads
        # that run them synchronously would load starlette and anyio for nothing (~2 MB each).
        from event_store.async_store import AsyncStore  # noqa: PLC0415

        return AsyncStore(self.store)

    async def run_async(
        self,
        decide: Callable[[], Awaitable[Decision]],
        context: CommandContext,
        idempotency: Idempotency | None = None,
    ) -> CommandResult:
        """``run`` on the event loop, for an ``async def`` route: ``decide`` loads with
        ``self.aio.get``; the same idempotency, retries and answer, and no thread hop."""
        if idempotency is not None:
            earlier = await self._earlier_answer_async(context, idempotency)
            if earlier is not None:
                return earlier
        for attempt in range(MAX_ATTEMPTS):
            with domain_clock.using(self.clock), metadata.using(context):
                decision = await decide()
                record = self._record(context, idempotency, decision)
                try:
                    positions = await self.aio.save(decision.aggregates, record)
                except IntegrityError:
                    if idempotency is not None and (earlier := await self._earlier_answer_async(context, idempotency)):
                        return earlier
                    await asyncio.sleep(_jitter(attempt))
                    continue
            return CommandResult(decision.status, decision.body, positions[-1])
        raise ConcurrencyConflict(f"gave up after {MAX_ATTEMPTS} concurrent modifications; retry the command")

    def _earlier_answer(self, context: CommandContext, idempotency: Idempotency) -> CommandResult | None:
        found = self.store.store.find_idempotency_record(_namespace(context, idempotency), idempotency.key)
        return _earlier(found, idempotency)

    async def _earlier_answer_async(self, context: CommandContext, idempotency: Idempotency) -> CommandResult | None:
        found = await self.aio.find_idempotency_record(_namespace(context, idempotency), idempotency.key)
        return _earlier(found, idempotency)

    @staticmethod
    def _record(context: CommandContext, idem: Idempotency | None, decision: Decision) -> IdempotencyRecord | None:
        if idem is None:
            return None
        return IdempotencyRecord(
            _namespace(context, idem), idem.key, idem.fingerprint(), decision.status, decision.body
        )


def _earlier(found: tuple[IdempotencyRecord, int] | None, idempotency: Idempotency) -> CommandResult | None:
    """The first answer of a keyed command found stored, if any; refused if the request differs."""
    if found is None:
        return None
    record, position = found
    if record.request_hash != idempotency.fingerprint():
        raise IdempotencyKeyReused("this Idempotency-Key was already used with a different request")
    return CommandResult(record.status, record.body, position, replayed=True)


def _namespace(context: CommandContext, idempotency: Idempotency) -> str:
    """Whose keys this key is among: the actor's, else the command's anonymous scope."""
    if context.actor:
        return context.actor
    return f"anonymous:{idempotency.anonymous_scope}" if idempotency.anonymous_scope else "anonymous"


def _backoff(attempt: int) -> None:
    time.sleep(_jitter(attempt))


def _jitter(attempt: int) -> float:
    # Full jitter keeps racing writers of one wallet from colliding in lockstep.
    return random.uniform(0, min(0.2, 0.005 * 2**attempt))  # noqa: S311
