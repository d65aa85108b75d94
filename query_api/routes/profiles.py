"""GET /v1/profiles/{user_id}: a user's public profile, for any authenticated user."""

from __future__ import annotations

from fastapi import APIRouter

from projections.trade_history.projection import TradeHistoryProjection
from query_api.deps import CurrentUser, MinPosition, Now, Reads, Services, Social, UserRef
from query_api.errors import documented
from query_api.game_rules import uncounted_closes, xp_rules
from query_api.reading import Needs
from query_api.schemas.profiles import ProfileReply

router = APIRouter(prefix="/v1/profiles", tags=["profiles"])


@router.get("/{user_id}", response_model=ProfileReply, responses=documented(401, 404, 422, 429, 503))
async def get_profile(
    user_id: UserRef,
    caller: CurrentUser,
    social: Social,
    reads: Reads,
    now: Now,
    c: Services,
    min_position: MinPosition = None,
) -> ProfileReply:
    """Username, XP, level, streak, achievements, clan and NFTs of a user (`me` for the caller), the XP
    rules in force and how many of their closes did not count, by reason."""
    subject = caller.user_id if user_id == "me" else user_id
    needs = social.profile_needs
    with_trades = Needs([*needs.names, TradeHistoryProjection.name], after=needs.after, settle=needs.settle)
    trades = c.read_models.tables_for(TradeHistoryProjection)
    found = await reads(
        with_trades,
        min_position,
        lambda conn: (social.profile(conn, subject, now.date()), uncounted_closes(conn, trades, subject)),
    )
    page, uncounted = found.value
    reply = ProfileReply.of(page.profile, page.nfts, found.as_of_position)
    return reply.model_copy(update={"xp_rules": xp_rules(c), "uncounted_closes": uncounted})
