"""GET /v1/friends: the caller's friends and the friend requests pending to and from them."""

from __future__ import annotations

from fastapi import APIRouter

from projections.friends.projection import FriendsProjection
from projections.friends.view import FriendsView
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import documented
from query_api.reading import Needs
from query_api.schemas.friends import FriendsReply

router = APIRouter(prefix="/v1/friends", tags=["friends"])
NEEDS = Needs([FriendsProjection.name])


@router.get("", response_model=FriendsReply, responses=documented(401, 422, 429, 503))
async def my_friends(caller: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None) -> FriendsReply:
    """The caller's friends and pending friend requests, incoming and outgoing (the caller's own only)."""
    tables = c.read_models.tables_for(FriendsProjection)
    found = await reads(NEEDS, min_position, lambda conn: FriendsView().friend_list(conn, tables, caller.user_id))
    return FriendsReply.of(found.value, found.as_of_position)
