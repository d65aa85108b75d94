"""Challenge policies: count closes inside running windows, decide ended ones, schedule expiry.

- ``challenge_scoring``: ``trading.Position.Closed`` / ``Liquidated`` → ``Challenge.PnLRecorded`` on
  every running challenge of the owner whose window holds the close's timestamp (an instant close
  does not count), with the position's partial closes' net P&L added to the final close's;
  ``social.Challenge.Ended`` → ``Challenge.Decided``. The log's order makes this
  exact: every close before the ``Ended`` event was recorded before the decision, however far
  this policy lags.
- ``challenge_expiry``: ``social.Challenge.Accepted`` → a delayed ``end_challenge`` job on the
  dramatiq queue ``challenges`` (jobs/challenges.py), due when the window ends. Catch-up: each
  time its worker starts (takes the lease) it schedules again every accepted challenge that never
  ended, read from the log (overdue ones with no delay), so a job lost with Redis is redone from
  PostgreSQL. Jobs are idempotent: a duplicate is a no-op.
- ``challenge_offer_expiry``: ``social.Challenge.Offered`` → a delayed ``expire_challenge_offer`` job,
  due 24 h after the offer, with the same start-up catch-up over every offer never answered.
"""

from __future__ import annotations

from abc import abstractmethod
from contextlib import suppress
from datetime import datetime
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor

from aggregates.gamification.fairness import DEFAULT_THRESHOLDS, XpThresholds, is_instant_close
from aggregates.social.challenge import OFFER_TTL, Challenge
from aggregates.social.errors import ChallengeAlreadyDecided, NoRunningChallenge
from aggregates.social.roster import roster_id
from aggregates.trading.position import Position
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.policies.base import Policy
from projections.policies.enqueuing import EnqueuingPolicy
from projections.policies.xp_rules import thresholds_from_environ
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from services.social import ChallengeService

EXPIRY_QUEUE = "challenges"
END_ACTOR = "end_challenge"
EXPIRE_OFFER_ACTOR = "expire_challenge_offer"


class ChallengeScoringPolicy(Policy):
    """Records each challenger's net P&L inside the window, then decides at its end."""

    name: ClassVar[str] = "challenge_scoring"

    def __init__(self, thresholds: XpThresholds | None = None) -> None:
        super().__init__()
        self._thresholds, self.thresholds = thresholds, thresholds or DEFAULT_THRESHOLDS

    def started(self, store: EventStore) -> None:  # noqa: ARG002
        self.thresholds = self._thresholds or thresholds_from_environ()

    @handles(Challenge.Ended)
    def _ended(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        with suppress(ChallengeAlreadyDecided):
            ChallengeService(self.runner_for(event)).decide_challenge(
                event.originator_id, self.context_for(event), self.idempotency_for(event)
            )

    @handles(Position.Closed, Position.Liquidated)
    def _closed(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        service = ChallengeService(self.runner_for(event))
        ctx, idem = self.context_for(event), self.idempotency_for(event)
        position: Position = self.store.repository.get(event.originator_id)
        if roster_id(position.owner_id) not in self.store.repository:
            return  # the owner never had a challenge accepted
        if event.topic == Position.Closed.TOPIC and is_instant_close(
            position.created_on, event.timestamp, self.thresholds
        ):
            return
        # The position's whole realized P&L: its partial closes count with its final close (like the leaderboard).
        net_pnl = event.event.net_pnl + position.partial_net_pnl  # type: ignore[attr-defined]
        with suppress(NoRunningChallenge):
            service.record_challenge_pnl(position.owner_id, position.id, net_pnl, event.timestamp, ctx=ctx, idem=idem)


class _ExpiryPolicy(EnqueuingPolicy):
    """Schedules a challenge's job (its id only) on the queue ``challenges``, and at start-up every one pending."""

    actor: ClassVar[str]

    def started(self, store: EventStore) -> None:
        super().started(store)
        for challenge_id, due_at in self.overdue_or_pending(EventLog(store)).items():
            self._schedule(challenge_id, due_at)

    @abstractmethod
    def overdue_or_pending(self, event_log: EventLog) -> dict[UUID, datetime]:
        """The catch-up: every job this policy may have scheduled that has not done its work yet."""

    def _schedule(self, challenge_id: UUID, due_at: datetime) -> None:
        self.enqueue(EXPIRY_QUEUE, self.actor, (str(challenge_id),), due_at)


class ChallengeExpiryPolicy(_ExpiryPolicy):
    """Schedules the end of each accepted challenge, due at the end of its window."""

    name: ClassVar[str] = "challenge_expiry"
    actor: ClassVar[str] = END_ACTOR

    @handles(Challenge.Accepted)
    def _accepted(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        self._schedule(event.originator_id, cast(Challenge.Accepted, event.event).ends_at)

    def overdue_or_pending(self, event_log: EventLog) -> dict[UUID, datetime]:
        return unended_challenges(event_log)


class OfferExpiryPolicy(_ExpiryPolicy):
    """Schedules the expiry of each offer 24 h after it was made, should nobody answer it."""

    name: ClassVar[str] = "challenge_offer_expiry"
    actor: ClassVar[str] = EXPIRE_OFFER_ACTOR

    @handles(Challenge.Offered)
    def _offered(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        self._schedule(event.originator_id, event.timestamp + OFFER_TTL)

    def overdue_or_pending(self, event_log: EventLog) -> dict[UUID, datetime]:
        return unanswered_offers(event_log)


def unanswered_offers(event_log: EventLog, page: int = 1_000) -> dict[UUID, datetime]:
    """Every offer never accepted, declined or expired, with the time it expires."""
    answers = (Challenge.Accepted.TOPIC, Challenge.Declined.TOPIC, Challenge.Expired.TOPIC)
    offered: dict[UUID, datetime] = {}
    answered: set[UUID] = set()
    after, head = 0, event_log.head()
    while found := event_log.read(after, head, page, (Challenge.Offered.TOPIC, *answers)):
        for event in found:
            if event.topic == Challenge.Offered.TOPIC:
                offered[event.originator_id] = event.timestamp + OFFER_TTL
            else:
                answered.add(event.originator_id)
        after = found[-1].position
    return {cid: due_at for cid, due_at in offered.items() if cid not in answered}


def unended_challenges(event_log: EventLog, page: int = 1_000) -> dict[UUID, datetime]:
    """Every accepted challenge without an ``Ended`` event, with the end of its window."""
    accepted: dict[UUID, datetime] = {}
    ended: set[UUID] = set()
    after, head = 0, event_log.head()
    while found := event_log.read(after, head, page, (Challenge.Accepted.TOPIC, Challenge.Ended.TOPIC)):
        for event in found:
            if event.topic == Challenge.Accepted.TOPIC:
                accepted[event.originator_id] = event.event.ends_at  # type: ignore[attr-defined]
            else:
                ended.add(event.originator_id)
        after = found[-1].position
    return {cid: ends_at for cid, ends_at in accepted.items() if cid not in ended}
