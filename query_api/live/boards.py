"""Reading a board: from the Redis mirror when it can be trusted, else from PostgreSQL.

Redis answers first pages and standings when it is up, mirrored up to
``min_position`` and covering the bucket; cursor pages, and everything while Redis
is down, behind or being rebuilt, come from PostgreSQL (``source`` says which).
Usernames always come from the profiles read model, so an erased user is
``erased-user`` wherever they are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from psycopg_pool import ConnectionPool

from projections.leaderboard.boards import Board, Ranked
from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking, Standing
from projections.profiles.projection import ProfilesProjection
from projections.profiles.view import ProfilesView
from projections.runtime.config import ReadModels
from query_api.errors import ApiProblem
from query_api.live.ranks import RedisRanks
from query_api.live.settled import Settled
from query_api.progress import Progress
from query_api.queries import ReadModelQueries

Source = Literal["redis", "postgres"]
READ_MODELS = [LeaderboardProjection.name, ProfilesProjection.name]


async def board_clock() -> datetime:
    """Now, which decides the current day and week; tests override this dependency."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Page:
    entries: list[Ranked]
    names: dict[UUID, str | None]
    as_of_position: int
    source: Source


@dataclass(frozen=True)
class Place:
    standing: Standing | None  # None: the user is not ranked on this board
    names: dict[UUID, str | None]
    as_of_position: int
    source: Source


class LeaderboardReads:
    """Pages and standings of the boards of one read-model schema."""

    def __init__(self, pool: ConnectionPool[Any], read_models: ReadModels, queries: ReadModelQueries,
                 progress: Progress, ranks: RedisRanks) -> None:
        self.pool, self.queries, self.progress, self.ranks = pool, queries, progress, ranks
        self.ranking = Ranking(read_models.tables_for(LeaderboardProjection))
        self.settled = Settled(pool, queries, self.ranking)
        self.profiles, self.profile_tables = ProfilesView(), read_models.tables_for(ProfilesProjection)

    def reach(self, min_position: int | None) -> None:
        """Wait for both read models a board answer draws on, and the verdicts on the closes before
        ``min_position`` (503 when they lag)."""
        self.settled.reach(READ_MODELS, min_position)

    def page(self, board: Board, limit: int, after: Ranked | None, min_position: int | None) -> Page:
        self.reach(min_position)
        mirrored = self.ranks.top(board, limit, min_position) if after is None else None
        with self.pool.connection() as conn:
            if mirrored is not None:
                as_of, entries, source = mirrored[0], mirrored[1], "redis"
            else:
                as_of = self.progress.position(conn, LeaderboardProjection.name)
                entries, source = self.ranking.page(conn, board, limit, after), "postgres"
            names = self.profiles.usernames(conn, self.profile_tables, [e.user_id for e in entries])
        return Page(entries, names, as_of, source)

    def place(self, board: Board, user_id: UUID, n: int, min_position: int | None) -> Place:
        """The user's standing with ``n`` neighbours each side; 404 for a user never registered."""
        self.reach(min_position)
        mirrored = self.ranks.standing(board, user_id, n, min_position)
        with self.pool.connection() as conn:
            if mirrored is not None:
                as_of, standing, source = mirrored[0], mirrored[1], "redis"
            else:
                as_of = self.progress.position(conn, LeaderboardProjection.name)
                standing, source = self.ranking.standing(conn, board, user_id, n), "postgres"
            users = [e.user_id for e in standing.neighbours] if standing else []
            names = self.profiles.usernames(conn, self.profile_tables, [user_id, *users])
        if user_id not in names:
            raise ApiProblem(404, "not_found", f"no user {user_id}")
        return Place(standing, names, as_of, source)
