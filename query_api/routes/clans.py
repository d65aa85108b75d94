"""GET /v1/clans/{clan_id}: a clan, its members and totals, for any authenticated user."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from query_api.deps import MinPosition, Now, Reads, Social
from query_api.errors import documented
from query_api.schemas.profiles import ClanReply

router = APIRouter(prefix="/v1/clans", tags=["clans"])


@router.get("/{clan_id}", response_model=ClanReply, responses=documented(401, 404, 422, 429, 503))
async def get_clan(
    clan_id: UUID, social: Social, reads: Reads, now: Now, min_position: MinPosition = None
) -> ClanReply:
    """The clan's name, founder, current members (most XP first) and totals (members, XP, realized P&L, ROI)."""
    found = await reads(social.clan_needs, min_position, lambda conn: social.clan(conn, clan_id, now.date()))
    return ClanReply.of(found.value, found.as_of_position)
