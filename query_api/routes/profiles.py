"""GET /v1/profiles/{user_id}: a user's public profile, for any authenticated user."""

from __future__ import annotations

from fastapi import APIRouter

from query_api.deps import CurrentUser, MinPosition, Now, Reads, Social, UserRef
from query_api.errors import documented
from query_api.schemas.profiles import ProfileReply

router = APIRouter(prefix="/v1/profiles", tags=["profiles"])


@router.get("/{user_id}", response_model=ProfileReply, responses=documented(401, 404, 422, 429, 503))
async def get_profile(user_id: UserRef, caller: CurrentUser, social: Social, reads: Reads, now: Now,
                      min_position: MinPosition = None) -> ProfileReply:
    """Username, XP, level, streak, achievements, clan and NFTs of a user (`me` for the caller)."""
    subject = caller.user_id if user_id == "me" else user_id
    found = await reads(social.profile_needs, min_position,
                        lambda conn: social.profile(conn, subject, now.date()))
    return ProfileReply.of(found.value.profile, found.value.nfts, found.as_of_position)
