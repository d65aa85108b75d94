"""Reading a board: from the Redis mirror when it can be trusted, else from PostgreSQL.

Redis answers first pages and standings when it is up, mirrored up to
``min_position`` and covering the bucket; cursor pages, and everything while Redis
is down, behind or being rebuilt, come from PostgreSQL (``source`` says which).
Usernames always come from the profiles read model, so an erased user is
``erased-user`` wherever they are ranked. Each read runs inside one snapshot of the
read path, which has already waited for ``min_position`` (``BoardReads.needs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection

from projections.leaderboard.boards import Board, Ranked
from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking, Standing
from projections.profiles.projection import ProfilesProjection
from projections.profiles.view import ProfilesView
from projections.runtime.config import ReadModels
from query_api.errors import ApiProblem
from query_api.live.ranks import RedisRanks
from query_api.reading import Needs
from query_api.reads.verdicts import verdicts

Source = Literal["redis", "postgres"]


@dataclass(frozen=True)
class Page:
    entries: list[Ranked]
    names: dict[UUID, str | None]
    as_of_position: int | None  # the mirror's position when Redis answered; else the snapshot's
    source: Source


@dataclass(frozen=True)
class Place:
    standing: Standing | None  # None: the user is not ranked on this board
    names: dict[UUID, str | None]
    as_of_position: int | None  # the mirror's position when Redis answered; else the snapshot's
    source: Source


class BoardReads:
    """Pages and standings of the boards of one read-model schema."""

    def __init__(self, read_models: ReadModels, ranks: RedisRanks) -> None:
        self.ranks = ranks
        self.ranking = Ranking(read_models.tables_for(LeaderboardProjection))
        self.profiles, self.profile_tables = ProfilesView(), read_models.tables_for(ProfilesProjection)
        # Both read models an answer draws on, past the verdicts on the closes before min_position.
        self.needs = Needs([LeaderboardProjection.name, ProfilesProjection.name], settle=verdicts(read_models))

    def page(
        self, conn: Connection[Any], board: Board, limit: int, after: Ranked | None, min_position: int | None
    ) -> Page:
        mirrored = self.ranks.top(board, limit, min_position) if after is None else None
        as_of, source = _origin(mirrored)
        entries = mirrored[1] if mirrored is not None else self.ranking.page(conn, board, limit, after)
        names = self.profiles.usernames(conn, self.profile_tables, [e.user_id for e in entries])
        return Page(entries, names, as_of, source)

    def place(self, conn: Connection[Any], board: Board, user_id: UUID, n: int, min_position: int | None) -> Place:
        """The user's standing with ``n`` neighbours each side; 404 for a user never registered."""
        mirrored = self.ranks.standing(board, user_id, n, min_position)
        as_of, source = _origin(mirrored)
        standing = mirrored[1] if mirrored is not None else self.ranking.standing(conn, board, user_id, n)
        users = [e.user_id for e in standing.neighbours] if standing else []
        names = self.profiles.usernames(conn, self.profile_tables, [user_id, *users])
        if user_id not in names:
            raise ApiProblem(404, "not_found", f"no user {user_id}")
        return Place(standing, names, as_of, source)


def _origin(mirrored: tuple[int, Any] | None) -> tuple[int | None, Source]:
    """The mirror's position and "redis" when Redis answered, else no position and "postgres"."""
    return (mirrored[0], "redis") if mirrored is not None else (None, "postgres")
