"""Reading profiles and clans: the profiles read model, with each member's booked P&L from the leaderboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking
from projections.marketplace.projection import MarketplaceProjection
from projections.marketplace.view import nfts_owned
from projections.profiles.model import Clan, Profile
from projections.profiles.projection import ProfilesProjection
from projections.profiles.view import ProfilesView
from projections.runtime.config import ReadModels
from query_api.errors import ApiProblem
from query_api.live.settled import Settled
from query_api.progress import Progress
from query_api.queries import ReadModelQueries

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ClanStanding:
    """A clan, each member's all-time booked net P&L and deposits, as of a log position."""

    clan: Clan
    money: dict[UUID, tuple[Decimal, Decimal]]  # user → (realized net P&L, deposits)
    as_of_position: int

    def realized_pnl(self, user_id: UUID) -> Decimal:
        return self.money.get(user_id, (ZERO, ZERO))[0]


@dataclass(frozen=True)
class ProfilePage:
    """A profile with the NFTs its user owns, as of a log position."""

    profile: Profile
    nfts: list[dict[str, Any]]
    as_of_position: int


class SocialReads:
    """Profiles and clans of one read-model schema."""

    def __init__(self, pool: ConnectionPool[Any], read_models: ReadModels, queries: ReadModelQueries,
                 progress: Progress) -> None:
        self.pool, self.queries, self.progress = pool, queries, progress
        self.view, self.tables = ProfilesView(), read_models.tables_for(ProfilesProjection)
        self.nft_tables = read_models.tables_for(MarketplaceProjection)
        self.ranking = Ranking(read_models.tables_for(LeaderboardProjection))
        self.settled = Settled(pool, queries, self.ranking)

    def profile(self, user_id: UUID, today: date, min_position: int | None) -> ProfilePage:
        """The user's profile and NFTs, and the position they are as of; 404 for a user never registered."""
        names = (ProfilesProjection.name, MarketplaceProjection.name)
        self.settled.reach(list(names), min_position)
        with self.pool.connection() as conn:
            as_of = min(self.progress.position(conn, name) for name in names)
            found = self.view.profile(conn, self.tables, user_id, today)
            nfts = nfts_owned(conn, self.nft_tables, user_id) if found else []
        if found is None:
            raise ApiProblem(404, "not_found", f"no user {user_id}")
        return ProfilePage(found, nfts, as_of)

    def clan(self, clan_id: UUID, today: date, min_position: int | None) -> ClanStanding:
        """The clan with its members of the moment and their money figures; 404 for an unknown clan."""
        self.settled.reach([ProfilesProjection.name, LeaderboardProjection.name], min_position)
        with self.pool.connection() as conn:
            as_of = min(self.progress.position(conn, name)
                        for name in (ProfilesProjection.name, LeaderboardProjection.name))
            found = self.view.clan(conn, self.tables, clan_id, today)
            money = self.ranking.totals(conn, [m.user_id for m in found.members]) if found else {}
        if found is None:
            raise ApiProblem(404, "not_found", f"no clan {clan_id}")
        return ClanStanding(found, money, as_of)
