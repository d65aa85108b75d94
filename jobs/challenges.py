"""Challenge expiry job: end an accepted challenge once its window is over.

``challenge_expiry`` (projections/policies/challenges.py) enqueues ``end_challenge(challenge_id)``
with ``delay`` = the time left in the window when a challenge is accepted, and again for every
accepted challenge that never ended whenever its worker starts (the catch-up). Ending is
idempotent: one idempotency key per challenge, and an ended challenge refuses to end again, so a
duplicate message is a no-op. A message that arrives early re-schedules itself for the time left.
The ``challenge_scoring`` policy decides the challenge once it reads the ``Ended`` event.

``expire_challenge_offer(challenge_id)`` is the same for offers: ``challenge_offer_expiry``
enqueues it due 24 h after the offer; an offer answered meanwhile makes it a no-op.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import dramatiq

from aggregates.clock import Clock, system_clock
from aggregates.errors import NotFound
from aggregates.social.errors import (
    ChallengeAlreadyEnded,
    ChallengeNotAccepted,
    ChallengeNotOpen,
    ChallengeStillRunning,
    OfferStillOpen,
)
from astratrade.settings import Settings
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.policies.challenges import END_ACTOR, EXPIRE_OFFER_ACTOR, EXPIRY_QUEUE
from services.commands import CommandRunner, Idempotency
from services.social import ChallengeService

log = logging.getLogger(__name__)


@dramatiq.actor(actor_name=END_ACTOR, queue_name=EXPIRY_QUEUE)
def end_challenge(challenge_id: str) -> None:
    """End one challenge whose window is over; re-scheduled for the time left if it arrives early."""
    with open_store() as store:
        early_ms = end_if_due(store, UUID(challenge_id))
    if early_ms:
        end_challenge.send_with_options(args=(challenge_id,), delay=early_ms)


@dramatiq.actor(actor_name=EXPIRE_OFFER_ACTOR, queue_name=EXPIRY_QUEUE)
def expire_challenge_offer(challenge_id: str) -> None:
    """Expire one offer nobody answered within 24 h; re-scheduled for the time left if it arrives early."""
    with open_store() as store:
        early_ms = expire_if_due(store, UUID(challenge_id))
    if early_ms:
        expire_challenge_offer.send_with_options(args=(challenge_id,), delay=early_ms)


@contextmanager
def open_store() -> Iterator[EventStore]:
    """A small event store for one job, configured from this process's Settings."""
    env = {**Settings().eventsourcing_env(), "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "1"}
    store = EventStore(env=env)
    try:
        yield store
    finally:
        store.close()


def end_if_due(store: EventStore, challenge_id: UUID, clock: Clock = system_clock) -> int:
    """End the challenge if its window is over; else the milliseconds left (0: nothing left to do)."""
    service = ChallengeService(CommandRunner(store, clock))
    ctx = CommandContext(actor="job:challenges", correlation_id=str(challenge_id))
    idem = Idempotency(f"end_challenge:{challenge_id}", {"challenge_id": str(challenge_id)})
    try:
        service.end_challenge(challenge_id, ctx, idem)
    except ChallengeStillRunning:
        ends_at = service.challenge(challenge_id).ends_at
        assert ends_at is not None
        return max(1, math.ceil((ends_at - clock()).total_seconds() * 1000))
    except (ChallengeAlreadyEnded, ChallengeNotAccepted, NotFound) as done:
        log.info("challenge %s: nothing to end (%s)", challenge_id, done.code)
    return 0


def expire_if_due(store: EventStore, challenge_id: UUID, clock: Clock = system_clock) -> int:
    """Expire the offer if its 24 h are over; else the milliseconds left (0: nothing left to do)."""
    service = ChallengeService(CommandRunner(store, clock))
    ctx = CommandContext(actor="job:challenges", correlation_id=str(challenge_id))
    idem = Idempotency(f"expire_challenge_offer:{challenge_id}", {"challenge_id": str(challenge_id)})
    try:
        service.expire_offer(challenge_id, ctx, idem)
    except OfferStillOpen:
        left = service.challenge(challenge_id).answer_by - clock()
        return max(1, math.ceil(left.total_seconds() * 1000))
    except (ChallengeNotOpen, NotFound) as done:
        log.info("challenge %s: no offer to expire (%s)", challenge_id, done.code)
    return 0
