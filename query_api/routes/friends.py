"""GET /v1/friends: the caller's friends and the friend requests pending to and from them."""

from __future__ import annotations

from fastapi import APIRouter

from projections.friends.projection import FriendsProjection
from projections.friends.view import FriendsView
from query_api.deps import CurrentUser, MinPosition, Queries, Services
from query_api.errors import documented
from query_api.schemas.friends import FriendsReply

router = APIRouter(prefix="/v1/friends", tags=["friends"])


@router.get("", response_model=FriendsReply, responses=documented(401, 422, 503))
def my_friends(caller: CurrentUser, c: Services, queries: Queries, min_position: MinPosition = None) -> FriendsReply:
    """The caller's friends and pending friend requests, incoming and outgoing (the caller's own only)."""
    queries.reach([FriendsProjection.name], min_position)
    with c.pool.connection() as conn:
        found = FriendsView().friend_list(conn, c.read_models.tables_for(FriendsProjection), caller.user_id)
        as_of = c.progress.position(conn, FriendsProjection.name)
    return FriendsReply.of(found, as_of)
