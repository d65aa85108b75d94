"""Friend commands (since v1.1, with consent): request, accept, decline, unfriend.

A request and its acceptance are two commands; the ``Friendship`` is recorded only by the
acceptance, in the same transaction as ``FriendRequest.Accepted``. Both aggregates are keyed
by the pair, so concurrent requests from either side meet on one id (one wins, the other
retries and finds it pending).
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from aggregates.base import AstraAggregate
from aggregates.errors import NotFound
from aggregates.social.errors import AlreadyFriends, CannotBefriendYourself
from aggregates.social.friend_request import FriendRequest, friend_request_id
from aggregates.social.friendship import Friendship, friendship_id
from aggregates.user.user import User
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as

A = TypeVar("A", bound=AstraAggregate)


class FriendService:
    """Commands on friend requests and friendships."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def request_friend(
        self, user_id: UUID, other_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Ask an existing user to be friends (not oneself, not a friend, none pending between the two)."""

        def decide() -> Decision:
            if user_id == other_id:
                raise CannotBefriendYourself("you cannot befriend yourself")
            self._get(User, other_id, "user")
            friendship = self._maybe(Friendship, friendship_id(user_id, other_id))
            if friendship is not None and friendship.active:
                raise AlreadyFriends("you are already friends")
            request = self._maybe(FriendRequest, friend_request_id(user_id, other_id))
            if request is None:
                request = FriendRequest.send(user_id, other_id)
            else:
                request.send_again(user_id, other_id)
            return Decision([request], _request(request), status=201)

        return self.runner.run(decide, ctx, idem)

    def accept(
        self, user_id: UUID, request_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """The addressee accepts: the two are friends from now on."""

        def decide() -> Decision:
            request = self._get(FriendRequest, request_id, "friend request")
            request.accept(user_id)
            friendship = self._maybe(Friendship, friendship_id(request.requester_id, request.addressee_id))
            if friendship is None:
                friendship = Friendship.add(request.requester_id, request.addressee_id)
            else:
                friendship.renew(request.requester_id, request.addressee_id)
            return Decision([request, friendship], _request(request))

        return self.runner.run(decide, ctx, idem)

    def decline(
        self, user_id: UUID, request_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """The addressee declines: no friendship."""

        def decide() -> Decision:
            request = self._get(FriendRequest, request_id, "friend request")
            request.decline(user_id)
            return Decision([request], _request(request))

        return self.runner.run(decide, ctx, idem)

    def unfriend(
        self, user_id: UUID, friend_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """End the caller's friendship with ``friend_id`` (404 when they are not friends)."""

        def decide() -> Decision:
            friendship = self._maybe(Friendship, friendship_id(user_id, friend_id))
            if friendship is None or not friendship.active or user_id == friend_id:
                raise NotFound(f"you are not friends with {friend_id}")
            friendship.end(user_id)
            return Decision(
                [friendship], {"user_id": str(user_id), "friend_id": str(friend_id), "status": "unfriended"}
            )

        return self.runner.run(decide, ctx, idem)

    def _get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        return get_as(self.repository, aggregate_id, kind, what)

    def _maybe(self, kind: type[A], aggregate_id: UUID) -> A | None:
        return self._get(kind, aggregate_id, kind.__name__) if aggregate_id in self.repository else None


def _request(r: FriendRequest) -> dict[str, object]:
    return {
        "request_id": str(r.id),
        "requester_id": str(r.requester_id),
        "addressee_id": str(r.addressee_id),
        "status": r.status.value,
    }
