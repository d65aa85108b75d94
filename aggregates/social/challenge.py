"""The Challenge aggregate: two friends compete on net realized P&L over a window of hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import NotFound
from aggregates.social import errors

MIN_HOURS, MAX_HOURS = 1, 168
# An offer not accepted (or declined) within this long expires (api.md, "Social, completed").
OFFER_TTL = timedelta(hours=24)


class Status(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    ENDED = "ended"
    DECIDED = "decided"
    DECLINED = "declined"
    EXPIRED = "expired"


class Challenge(AstraAggregate):
    """Offered → accepted (window starts) → ended (window over) → decided (winner, +50 XP);
    or offered → declined by the opponent, or expired when unanswered for 24 h."""

    TOPIC = "social.Challenge"

    class Offered(CreationEvent):
        """A trader challenged a friend for a window of ``hours``."""

        TOPIC = "social.Challenge.Offered"
        challenger_id: UUID
        opponent_id: UUID
        hours: int

    class Accepted(AstraAggregate.Event):
        """The opponent accepted: the window [starts_at, ends_at) began."""

        TOPIC = "social.Challenge.Accepted"
        starts_at: datetime
        ends_at: datetime

    class Declined(AstraAggregate.Event):
        """The opponent declined the offer: no window, no winner."""

        TOPIC = "social.Challenge.Declined"

    class Expired(AstraAggregate.Event):
        """Nobody answered the offer within 24 hours of it: no window, no winner."""

        TOPIC = "social.Challenge.Expired"

    class PnLRecorded(AstraAggregate.Event):
        """One of the two closed a position inside the window, booking ``net_pnl``."""

        TOPIC = "social.Challenge.PnLRecorded"
        user_id: UUID
        net_pnl: Decimal
        position_id: UUID

    class Ended(AstraAggregate.Event):
        """The window is over; every close recorded before this event counts."""

        TOPIC = "social.Challenge.Ended"

    class Decided(AstraAggregate.Event):
        """Who booked more net realized P&L in the window (None: a tie)."""

        TOPIC = "social.Challenge.Decided"
        winner_id: UUID | None
        challenger_pnl: Decimal
        opponent_pnl: Decimal

    @event(Offered)
    def __init__(self, challenger_id: UUID, opponent_id: UUID, hours: int) -> None:
        self.challenger_id, self.opponent_id, self.hours = challenger_id, opponent_id, hours
        self.status = Status.OFFERED
        self.starts_at: datetime | None = None
        self.ends_at: datetime | None = None
        self.pnl = {challenger_id: Decimal("0.00"), opponent_id: Decimal("0.00")}
        self.recorded: list[UUID] = []
        self.winner_id: UUID | None = None

    @classmethod
    def offer(cls, challenger_id: UUID, opponent_id: UUID, hours: int) -> Challenge:
        """Challenge ``opponent_id`` (a friend: checked by the service) for 1–168 hours."""
        if challenger_id == opponent_id:
            raise errors.CannotChallengeYourself("you cannot challenge yourself")
        if isinstance(hours, bool) or not isinstance(hours, int) or not MIN_HOURS <= hours <= MAX_HOURS:
            raise errors.InvalidChallengeWindow(f"hours must be an integer from {MIN_HOURS} to {MAX_HOURS}")
        return cls(challenger_id=challenger_id, opponent_id=opponent_id, hours=hours)

    def accept(self, user_id: UUID, now: datetime) -> None:
        """The opponent accepts: the window starts ``now``; the challenger gets 403, others 404."""
        self._check_answerer(user_id, now)
        self._accepted(starts_at=now, ends_at=now + timedelta(hours=self.hours))

    def decline(self, user_id: UUID, now: datetime) -> None:
        """The opponent declines an open offer; the challenger gets 403, others 404."""
        self._check_answerer(user_id, now)
        self._declined()

    def expire(self, now: datetime) -> None:
        """Expire an offer nobody answered within ``OFFER_TTL``."""
        if self.status is not Status.OFFERED:
            raise errors.ChallengeNotOpen(f"challenge is already {self.status.value}")
        if now < self.answer_by:
            raise errors.OfferStillOpen(f"the offer is open until {self.answer_by}")
        self._expired()

    @property
    def answer_by(self) -> datetime:
        """When the offer expires unless answered."""
        return self.created_on + OFFER_TTL

    def _check_answerer(self, user_id: UUID, now: datetime) -> None:
        if user_id == self.challenger_id:
            raise errors.NotChallengeOpponent("only the challenged friend can answer")
        if user_id != self.opponent_id:
            raise NotFound(f"challenge {self.id} not found")
        if self.status is not Status.OFFERED:
            raise errors.ChallengeNotOpen(f"challenge is already {self.status.value}")
        if now >= self.answer_by:
            # The expiry job may lag; the rule does not: a late answer finds the offer gone.
            raise errors.ChallengeNotOpen("the offer expired")

    def counts_close_at(self, instant: datetime) -> bool:
        """Whether a close at ``instant`` counts: inside [starts_at, ends_at) and not yet decided.

        An ended challenge still takes closes stamped inside its window: the policy that records
        them follows the log in order, so it records every close that precedes the ``Ended`` event
        before it decides, however far it lags behind the log."""
        if self.status not in (Status.ACCEPTED, Status.ENDED) or self.starts_at is None or self.ends_at is None:
            return False
        return self.starts_at <= instant < self.ends_at

    def record_pnl(self, user_id: UUID, position_id: UUID, net_pnl: Decimal, closed_at: datetime) -> None:
        """Count a close of one of the two, stamped inside the window, once."""
        if user_id not in self.pnl or not self.counts_close_at(closed_at):
            raise errors.ChallengeNotRunning("the close is not inside this challenge's window")
        if position_id in self.recorded:
            raise errors.PnLAlreadyRecorded(f"position {position_id} already counted")
        self._pnl_recorded(user_id=user_id, net_pnl=net_pnl, position_id=position_id)

    def end(self, now: datetime) -> None:
        """Close the window once it is over."""
        if self.status is Status.OFFERED:
            raise errors.ChallengeNotAccepted("an offered challenge has no window yet")
        if self.status is not Status.ACCEPTED:
            raise errors.ChallengeAlreadyEnded(f"challenge is already {self.status.value}")
        if self.ends_at is None or now < self.ends_at:
            raise errors.ChallengeStillRunning(f"the window ends at {self.ends_at}")
        self._ended()

    def decide(self) -> None:
        """Name the winner of an ended challenge: more net P&L wins; equal is a tie."""
        if self.status is Status.DECIDED:
            raise errors.ChallengeAlreadyDecided("challenge is already decided")
        if self.status is not Status.ENDED:
            raise errors.ChallengeNotEnded("the window has not ended")
        mine, theirs = self.pnl[self.challenger_id], self.pnl[self.opponent_id]
        winner = self.challenger_id if mine > theirs else self.opponent_id if theirs > mine else None
        self._decided(winner_id=winner, challenger_pnl=mine, opponent_pnl=theirs)

    @event(Accepted)
    def _accepted(self, starts_at: datetime, ends_at: datetime) -> None:
        self.status, self.starts_at, self.ends_at = Status.ACCEPTED, starts_at, ends_at

    @event(Declined)
    def _declined(self) -> None:
        self.status = Status.DECLINED

    @event(Expired)
    def _expired(self) -> None:
        self.status = Status.EXPIRED

    @event(PnLRecorded)
    def _pnl_recorded(self, user_id: UUID, net_pnl: Decimal, position_id: UUID) -> None:
        self.pnl = {**self.pnl, user_id: self.pnl[user_id] + net_pnl}
        self.recorded = [*self.recorded, position_id]

    @event(Ended)
    def _ended(self) -> None:
        self.status = Status.ENDED

    @event(Decided)
    def _decided(self, winner_id: UUID | None, challenger_pnl: Decimal, opponent_pnl: Decimal) -> None:  # noqa: ARG002
        self.status, self.winner_id = Status.DECIDED, winner_id
