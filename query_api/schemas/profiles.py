"""GET /v1/profiles/{user_id} and GET /v1/clans/{clan_id}: the replies."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from projections.leaderboard.boards import roi_percent
from projections.profiles.model import Profile
from query_api.reads.social import ZERO, ClanStanding
from query_api.schemas.common import DecimalString
from query_api.schemas.history import XpRules


class AchievementOut(BaseModel):
    name: str = Field(examples=["first_profit"])
    unlocked_at: datetime


class ClanOut(BaseModel):
    clan_id: UUID
    name: str | None
    joined_at: datetime | None


class ProfileReply(BaseModel):
    """A user's public profile (``erased-user`` after a GDPR erasure)."""

    user_id: UUID
    username: str | None
    xp: int
    level: int
    next_level_xp: int = Field(description="XP at which the next level is reached (50 × L × (L + 1))")
    streak: int = Field(description="consecutive UTC days with a close, up to today; 0 once a day was missed")
    achievements: list[AchievementOut] = Field(description="in the order they were unlocked")
    clan: ClanOut | None
    nfts: list[dict[str, Any]] = Field(description="NFTs owned (badges and traded NFTs)")
    as_of_position: int
    # The game rules made visible (api.md v1.1): what a close needs to count, and why some did not.
    xp_rules: XpRules | None = None
    uncounted_closes: dict[str, int] | None = Field(
        None, description=("how many of the user's closes earned no XP or leaderboard credit, by flag (xp_rules.flags)")
    )

    @classmethod
    def of(cls, p: Profile, nfts: list[dict[str, Any]], as_of_position: int) -> ProfileReply:
        clan = ClanOut(clan_id=p.clan.clan_id, name=p.clan.name, joined_at=p.clan.joined_at) if p.clan else None
        return cls(
            user_id=p.user_id,
            username=p.username,
            xp=p.xp,
            level=p.level,
            next_level_xp=50 * p.level * (p.level + 1),
            streak=p.streak,
            achievements=[AchievementOut(name=a.name, unlocked_at=a.unlocked_at) for a in p.achievements],
            clan=clan,
            nfts=[_json_ready(n) for n in nfts],
            as_of_position=as_of_position,
        )


class MemberOut(BaseModel):
    user_id: UUID
    username: str | None
    xp: int
    level: int
    streak: int
    realized_pnl: DecimalString = Field(description="all-time net realized P&L that counts on the leaderboards")
    joined_at: datetime | None


class ClanTotals(BaseModel):
    members: int
    xp: int
    realized_pnl: DecimalString = Field(description="sum of the members' all-time net realized P&L, USD")
    roi: DecimalString | None = Field(description="realized_pnl ÷ the members' total deposits, percent")


class ClanReply(BaseModel):
    """A clan, its current members (most XP first) and their totals."""

    clan_id: UUID
    name: str
    founder_id: UUID | None
    founded_at: datetime
    members: list[MemberOut]
    totals: ClanTotals
    as_of_position: int

    @classmethod
    def of(cls, s: ClanStanding, as_of_position: int) -> ClanReply:
        members = [
            MemberOut(
                user_id=m.user_id,
                username=m.username,
                xp=m.xp,
                level=m.level,
                streak=m.streak,
                realized_pnl=s.realized_pnl(m.user_id),
                joined_at=m.joined_at,
            )
            for m in s.clan.members
        ]
        pnl = sum((p for p, _ in s.money.values()), ZERO)
        deposits = sum((d for _, d in s.money.values()), Decimal(0))
        totals = ClanTotals(
            members=len(members), xp=sum(m.xp for m in members), realized_pnl=pnl, roi=roi_percent(pnl, deposits)
        )
        return cls(
            clan_id=s.clan.clan_id,
            name=s.clan.name,
            founder_id=s.clan.founder_id,
            founded_at=s.clan.founded_at,
            members=members,
            totals=totals,
            as_of_position=as_of_position,
        )


def _json_ready(nft: dict[str, Any]) -> dict[str, Any]:
    """Money as a decimal string (api.md), ids and instants as strings."""

    def ready(value: Any) -> Any:
        if value is None or isinstance(value, (str, int, bool)):
            return value
        return value.isoformat() if isinstance(value, datetime) else str(value)

    return {key: ready(value) for key, value in nft.items()}
