"""Reading profiles and clans: the profiles read model, with each member's booked P&L from the leaderboard.

Each read runs inside one snapshot of the read path, which has already waited for
``min_position`` and the verdicts before it (``SocialReads.profile_needs`` / ``clan_needs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection

from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking
from projections.marketplace.projection import MarketplaceProjection
from projections.marketplace.view import nfts_owned
from projections.profiles.model import Clan, Profile
from projections.profiles.projection import ProfilesProjection
from projections.profiles.view import ProfilesView
from projections.runtime.config import ReadModels
from query_api.errors import ApiProblem
from query_api.reading import Needs
from query_api.reads.verdicts import verdicts

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ClanStanding:
    """A clan, and each member's all-time booked net P&L and deposits."""

    clan: Clan
    money: dict[UUID, tuple[Decimal, Decimal]]  # user → (realized net P&L, deposits)

    def realized_pnl(self, user_id: UUID) -> Decimal:
        return self.money.get(user_id, (ZERO, ZERO))[0]


@dataclass(frozen=True)
class ProfilePage:
    """A profile with the NFTs its user owns."""

    profile: Profile
    nfts: list[dict[str, Any]]


class SocialReads:
    """Profiles and clans of one read-model schema."""

    def __init__(self, read_models: ReadModels) -> None:
        self.view, self.tables = ProfilesView(), read_models.tables_for(ProfilesProjection)
        self.nft_tables = read_models.tables_for(MarketplaceProjection)
        self.ranking = Ranking(read_models.tables_for(LeaderboardProjection))
        settle = verdicts(read_models)
        # The leaderboard first: it is where the verdicts on the closes are known.
        self.profile_needs = Needs(
            [ProfilesProjection.name, MarketplaceProjection.name], after=[LeaderboardProjection.name], settle=settle
        )
        self.clan_needs = Needs([ProfilesProjection.name, LeaderboardProjection.name], settle=settle)

    def profile(self, conn: Connection[Any], user_id: UUID, today: date) -> ProfilePage:
        """The user's profile and NFTs; 404 for a user never registered."""
        found = self.view.profile(conn, self.tables, user_id, today)
        if found is None:
            raise ApiProblem(404, "not_found", f"no user {user_id}")
        return ProfilePage(found, nfts_owned(conn, self.nft_tables, user_id))

    def clan(self, conn: Connection[Any], clan_id: UUID, today: date) -> ClanStanding:
        """The clan with its members of the moment and their money figures; 404 for an unknown clan."""
        found = self.view.clan(conn, self.tables, clan_id, today)
        if found is None:
            raise ApiProblem(404, "not_found", f"no clan {clan_id}")
        return ClanStanding(found, self.ranking.totals(conn, [m.user_id for m in found.members]))
