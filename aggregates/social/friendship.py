"""The Friendship aggregate: two users are friends, both ways, once."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.social.errors import CannotBefriendYourself

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

    @event(Added)
    def __init__(self, id: UUID, user_id: UUID, friend_id: UUID) -> None:  # noqa: A002, ARG002
        self.user_id = user_id
        self.friend_id = friend_id

    @classmethod
    def add(cls, user_id: UUID, friend_id: UUID) -> Friendship:
        """Make ``user_id`` and ``friend_id`` friends (never oneself)."""
        if user_id == friend_id:
            raise CannotBefriendYourself("you cannot befriend yourself")
        return cls(id=friendship_id(user_id, friend_id), user_id=user_id, friend_id=friend_id)

    def includes(self, user_id: UUID) -> bool:
        return user_id in (self.user_id, self.friend_id)
