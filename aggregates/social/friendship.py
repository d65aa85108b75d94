"""The Friendship aggregate: two users are friends, both ways, once at a time.

``Added`` keeps its published meaning: the pair are friends from then on. Since v1.1 it is
recorded when a friend request is accepted (before, ``POST /v1/friends`` recorded it at once),
so a friendship added the old way is a friendship still, with no upcast or migration.
``Ended`` (an unfriending) and ``Renewed`` (friends again, through a new accepted request) are
new facts on the same pair's aggregate.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.social.errors import AlreadyFriends, CannotBefriendYourself, NotFriends

_FRIENDSHIP_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/friendship")


def friendship_id(user_id: UUID, friend_id: UUID) -> UUID:
    """The id of the pair, whichever of the two added the other: one friendship per pair."""
    low, high = sorted((str(user_id), str(friend_id)))
    return uuid5(_FRIENDSHIP_NS, f"{low}:{high}")


class Friendship(AstraAggregate):
    """A mutual friendship; adding an existing one conflicts on this aggregate's id."""

    TOPIC = "social.Friendship"

    class Added(CreationEvent):
        """``user_id`` added ``friend_id`` as a friend; the friendship is mutual."""

        TOPIC = "social.Friendship.Added"
        user_id: UUID
        friend_id: UUID

    class Ended(AstraAggregate.Event):
        """``user_id`` unfriended the other: the two are no longer friends."""

        TOPIC = "social.Friendship.Ended"
        user_id: UUID

    class Renewed(AstraAggregate.Event):
        """The two, once unfriended, are friends again (``user_id`` sent the accepted request)."""

        TOPIC = "social.Friendship.Renewed"
        user_id: UUID
        friend_id: UUID

    @event(Added)
    def __init__(self, id: UUID, user_id: UUID, friend_id: UUID) -> None:  # noqa: A002, ARG002
        self.user_id = user_id
        self.friend_id = friend_id
        self.active = True

    @classmethod
    def add(cls, user_id: UUID, friend_id: UUID) -> Friendship:
        """Make ``user_id`` and ``friend_id`` friends (never oneself)."""
        if user_id == friend_id:
            raise CannotBefriendYourself("you cannot befriend yourself")
        return cls(id=friendship_id(user_id, friend_id), user_id=user_id, friend_id=friend_id)

    def includes(self, user_id: UUID) -> bool:
        return user_id in (self.user_id, self.friend_id)

    def end(self, user_id: UUID) -> None:
        """One of the two unfriends the other."""
        if not self.active or not self.includes(user_id):
            raise NotFriends("you are not friends")
        self._ended(user_id=user_id)

    def renew(self, user_id: UUID, friend_id: UUID) -> None:
        """Friends again after an unfriending."""
        if self.active:
            raise AlreadyFriends("you are already friends")
        self._renewed(user_id=user_id, friend_id=friend_id)

    @event(Ended)
    def _ended(self, user_id: UUID) -> None:  # noqa: ARG002
        self.active = False

    @event(Renewed)
    def _renewed(self, user_id: UUID, friend_id: UUID) -> None:
        self.user_id, self.friend_id, self.active = user_id, friend_id, True
