"""/v1/friends…: friend requests with consent (send, accept, decline) and unfriending."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Services, Trader
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.social import AddFriendRequest, FriendRequestReply, UnfriendReply
from services.friends import FriendService


async def _friends(c: Services) -> FriendService:
    return FriendService(c.trading.runner)


Friends = Annotated[FriendService, Depends(_friends)]
router = APIRouter(prefix="/v1/friends", tags=["friends"])


@router.post(
    "", status_code=201, response_model=FriendRequestReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def request_friend(body: AddFriendRequest, user: Trader, cmd: Command, friends: Friends, response: Response) -> Any:
    """Ask a user to be friends: pending until they accept (409 already_friends / friend_request_pending)."""
    return answer(
        friends.request_friend(user.user_id, body.user_id, cmd.context(user), cmd.idempotency(body)), response
    )


@router.post(
    "/requests/{request_id}/accept",
    response_model=FriendRequestReply,
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def accept_request(request_id: UUID, user: Trader, cmd: Command, friends: Friends, response: Response) -> Any:
    """The addressee accepts: friends from now on (the requester gets 403, others 404)."""
    idem = cmd.idempotency(request_id=str(request_id))
    return answer(friends.accept(user.user_id, request_id, cmd.context(user), idem), response)


@router.post(
    "/requests/{request_id}/decline",
    response_model=FriendRequestReply,
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def decline_request(request_id: UUID, user: Trader, cmd: Command, friends: Friends, response: Response) -> Any:
    """The addressee declines (the requester gets 403, others 404)."""
    idem = cmd.idempotency(request_id=str(request_id))
    return answer(friends.decline(user.user_id, request_id, cmd.context(user), idem), response)


@router.delete("/{user_id}", response_model=UnfriendReply, responses=documented(401, 403, 404, 413, 422, 503))
def unfriend(user_id: UUID, user: Trader, cmd: Command, friends: Friends, response: Response) -> Any:
    """End the friendship with ``user_id`` (404 when not friends)."""
    idem = cmd.idempotency(friend_id=str(user_id))
    return answer(friends.unfriend(user.user_id, user_id, cmd.context(user), idem), response)
