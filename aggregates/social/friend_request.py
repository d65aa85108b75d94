"""The FriendRequest aggregate: one user asks another to be friends; only the addressee answers.

One aggregate per pair of users (its id follows from the pair, like the Friendship's), so two
requests between the same two users, sent at once from either side, conflict on one id and at
most one is pending. After an answer (or an unfriending) the same pair's request can be sent again.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import NotFound
from aggregates.social import errors

_REQUEST_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/friend-request")


def friend_request_id(user_id: UUID, other_id: UUID) -> UUID:
    """The id of the pair's request, whichever of the two sends it."""
    low, high = sorted((str(user_id), str(other_id)))
    return uuid5(_REQUEST_NS, f"{low}:{high}")


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class FriendRequest(AstraAggregate):
    """Pending → accepted (the two become friends) or declined; sent again after either."""

    TOPIC = "social.FriendRequest"

    class Sent(CreationEvent):
        """``requester_id`` asked ``addressee_id`` to be friends (the pair's first request)."""

        TOPIC = "social.FriendRequest.Sent"
        requester_id: UUID
        addressee_id: UUID

    class Resent(AstraAggregate.Event):
        """A later request of the same pair, after an answer or an unfriending."""

        TOPIC = "social.FriendRequest.Resent"
        requester_id: UUID
        addressee_id: UUID

    class Accepted(AstraAggregate.Event):
        """The addressee accepted: the two are friends (``social.Friendship`` records it too)."""

        TOPIC = "social.FriendRequest.Accepted"

    class Declined(AstraAggregate.Event):
        """The addressee declined: no friendship."""

        TOPIC = "social.FriendRequest.Declined"

    @event(Sent)
    def __init__(self, id: UUID, requester_id: UUID, addressee_id: UUID) -> None:  # noqa: A002, ARG002
        self._set_pending(requester_id, addressee_id)

    @classmethod
    def send(cls, requester_id: UUID, addressee_id: UUID) -> FriendRequest:
        """The pair's first request (never to oneself)."""
        _refuse_self(requester_id, addressee_id)
        return cls(
            id=friend_request_id(requester_id, addressee_id), requester_id=requester_id, addressee_id=addressee_id
        )

    def send_again(self, requester_id: UUID, addressee_id: UUID) -> None:
        """A new request of the pair, unless one is still pending."""
        _refuse_self(requester_id, addressee_id)
        if self.status is RequestStatus.PENDING:
            raise errors.FriendRequestPending("a friend request between you is already pending")
        self._resent(requester_id=requester_id, addressee_id=addressee_id)

    def accept(self, user_id: UUID) -> None:
        """The addressee accepts; the requester gets 403, anyone else 404."""
        self._check_answerer(user_id)
        self._accepted()

    def decline(self, user_id: UUID) -> None:
        """The addressee declines; the requester gets 403, anyone else 404."""
        self._check_answerer(user_id)
        self._declined()

    def _check_answerer(self, user_id: UUID) -> None:
        if user_id == self.requester_id:
            raise errors.NotRequestAddressee("only the addressee answers a friend request")
        if user_id != self.addressee_id:
            raise NotFound(f"friend request {self.id} not found")
        if self.status is not RequestStatus.PENDING:
            raise errors.FriendRequestNotPending(f"the friend request is already {self.status.value}")

    def _set_pending(self, requester_id: UUID, addressee_id: UUID) -> None:
        self.requester_id, self.addressee_id, self.status = requester_id, addressee_id, RequestStatus.PENDING

    @event(Resent)
    def _resent(self, requester_id: UUID, addressee_id: UUID) -> None:
        self._set_pending(requester_id, addressee_id)

    @event(Accepted)
    def _accepted(self) -> None:
        self.status = RequestStatus.ACCEPTED

    @event(Declined)
    def _declined(self) -> None:
        self.status = RequestStatus.DECLINED


def _refuse_self(requester_id: UUID, addressee_id: UUID) -> None:
    if requester_id == addressee_id:
        raise errors.CannotBefriendYourself("you cannot befriend yourself")
