"""The ChallengeRoster aggregate: the running challenges of one user, so a close finds them."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent

_ROSTER_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/challenge-roster")


def roster_id(user_id: UUID) -> UUID:
    """Every user has at most one roster, whose id follows from the user's id."""
    return uuid5(_ROSTER_NS, str(user_id))


class ChallengeRoster(AstraAggregate):
    """Challenges of one user between acceptance and decision."""

    TOPIC = "social.ChallengeRoster"

    class Started(CreationEvent):
        """The user's roster began (at their first accepted challenge)."""

        TOPIC = "social.ChallengeRoster.Started"
        user_id: UUID

    class Entered(AstraAggregate.Event):
        """A challenge of the user was accepted: their closes now count for it."""

        TOPIC = "social.ChallengeRoster.Entered"
        challenge_id: UUID

    class Left(AstraAggregate.Event):
        """A challenge of the user was decided."""

        TOPIC = "social.ChallengeRoster.Left"
        challenge_id: UUID

    @event(Started)
    def __init__(self, id: UUID, user_id: UUID) -> None:  # noqa: A002, ARG002
        self.user_id = user_id
        self.running: list[UUID] = []

    @classmethod
    def start(cls, user_id: UUID) -> ChallengeRoster:
        """Begin the roster of ``user_id``."""
        return cls(id=roster_id(user_id), user_id=user_id)

    def enter(self, challenge_id: UUID) -> None:
        """Track an accepted challenge (idempotent: entering twice changes nothing)."""
        if challenge_id not in self.running:
            self._entered(challenge_id=challenge_id)

    def leave(self, challenge_id: UUID) -> None:
        """Stop tracking a decided challenge (idempotent)."""
        if challenge_id in self.running:
            self._left(challenge_id=challenge_id)

    @event(Entered)
    def _entered(self, challenge_id: UUID) -> None:
        self.running = [*self.running, challenge_id]

    @event(Left)
    def _left(self, challenge_id: UUID) -> None:
        self.running = [c for c in self.running if c != challenge_id]
