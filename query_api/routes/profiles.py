"""GET /v1/profiles/{user_id}: a user's public profile, for any authenticated user."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends

from query_api.deps import CurrentUser, MinPosition, Services, UserRef
from query_api.errors import documented
from query_api.game_rules import uncounted_closes, xp_rules
from query_api.live.boards import board_clock
from query_api.live.social import SocialReads
from query_api.schemas.profiles import ProfileReply

router = APIRouter(prefix="/v1/profiles", tags=["profiles"])


async def social_reads(c: Services) -> SocialReads:
    return SocialReads(c.pool, c.read_models, c.queries, c.progress)


Social = Annotated[SocialReads, Depends(social_reads)]
Now = Annotated[datetime, Depends(board_clock)]


@router.get("/{user_id}", response_model=ProfileReply, responses=documented(401, 404, 422, 503))
def get_profile(user_id: UserRef, caller: CurrentUser, reads: Social, now: Now, c: Services,
                min_position: MinPosition = None) -> ProfileReply:
    """Username, XP, level, streak, achievements, clan and NFTs of a user (`me` for the caller), the XP
    rules in force and how many of their closes did not count, by reason."""
    subject = caller.user_id if user_id == "me" else user_id
    page = reads.profile(subject, now.date(), min_position)  # type: ignore[arg-type]
    reply = ProfileReply.of(page.profile, page.nfts, page.as_of_position)
    return reply.model_copy(update={"xp_rules": xp_rules(c),
                                    "uncounted_closes": uncounted_closes(c, subject, min_position)})
