"""The Clan aggregate: a named group of traders; its founder joins on founding."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.social.errors import AlreadyMember, NotMember


class Clan(AstraAggregate):
    """A clan and its current members (uniqueness of its name is a UniqueClaim of kind "clan")."""

    TOPIC = "social.Clan"

    class Founded(CreationEvent):
        """A trader founded a clan (a MemberJoined for the founder follows in the same commit)."""

        TOPIC = "social.Clan.Founded"
        name: str
        founder_id: UUID

    class MemberJoined(AstraAggregate.Event):
        """A trader joined the clan."""

        TOPIC = "social.Clan.MemberJoined"
        user_id: UUID

    class MemberLeft(AstraAggregate.Event):
        """A member left the clan."""

        TOPIC = "social.Clan.MemberLeft"
        user_id: UUID

    @event(Founded)
    def __init__(self, name: str, founder_id: UUID) -> None:
        self.name = name
        self.founder_id = founder_id
        self.members: list[UUID] = []

    @classmethod
    def found(cls, name: str, founder_id: UUID) -> Clan:
        """Found a clan named ``name``; the founder is its first member."""
        clan = cls(name=name, founder_id=founder_id)
        clan.join(founder_id)
        return clan

    def join(self, user_id: UUID) -> None:
        """Add ``user_id`` to the members (one clan per user is the Membership's rule)."""
        if user_id in self.members:
            raise AlreadyMember("already a member of this clan")
        self._member_joined(user_id=user_id)

    def leave(self, user_id: UUID) -> None:
        """Remove the member ``user_id``."""
        if user_id not in self.members:
            raise NotMember("not a member of this clan")
        self._member_left(user_id=user_id)

    @event(MemberJoined)
    def _member_joined(self, user_id: UUID) -> None:
        self.members = [*self.members, user_id]

    @event(MemberLeft)
    def _member_left(self, user_id: UUID) -> None:
        self.members = [m for m in self.members if m != user_id]
