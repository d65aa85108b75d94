"""The Membership aggregate: which clan one user belongs to (one at a time)."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.social.errors import AlreadyMember, NotMember

_MEMBERSHIP_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/membership")


def membership_id(user_id: UUID) -> UUID:
    """Every user has at most one membership record, whose id follows from the user's id."""
    return uuid5(_MEMBERSHIP_NS, str(user_id))


class Membership(AstraAggregate):
    """The clan of one user; two concurrent joins conflict on it, so one clan per user holds."""

    TOPIC = "social.Membership"

    class Started(CreationEvent):
        """The user's membership record began (at their first join)."""

        TOPIC = "social.Membership.Started"
        user_id: UUID

    class Joined(AstraAggregate.Event):
        """The user joined (or founded) a clan."""

        TOPIC = "social.Membership.Joined"
        clan_id: UUID

    class Left(AstraAggregate.Event):
        """The user left their clan."""

        TOPIC = "social.Membership.Left"
        clan_id: UUID

    @event(Started)
    def __init__(self, id: UUID, user_id: UUID) -> None:  # noqa: A002, ARG002
        self.user_id = user_id
        self.clan_id: UUID | None = None

    @classmethod
    def start(cls, user_id: UUID) -> Membership:
        """Begin the membership record of ``user_id`` (in no clan yet)."""
        return cls(id=membership_id(user_id), user_id=user_id)

    def join(self, clan_id: UUID) -> None:
        """Join ``clan_id``; a member of any clan must leave it first."""
        if self.clan_id is not None:
            raise AlreadyMember(f"already a member of clan {self.clan_id}; leave it first")
        self._joined(clan_id=clan_id)

    def leave(self, clan_id: UUID) -> None:
        """Leave ``clan_id``, which must be the user's clan."""
        if self.clan_id != clan_id:
            raise NotMember(f"not a member of clan {clan_id}")
        self._left(clan_id=clan_id)

    @event(Joined)
    def _joined(self, clan_id: UUID) -> None:
        self.clan_id = clan_id

    @event(Left)
    def _left(self, clan_id: UUID) -> None:  # noqa: ARG002
        self.clan_id = None
