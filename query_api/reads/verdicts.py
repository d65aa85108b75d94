"""Read-your-writes past the gamification policy's reactions.

A close's XP, level, achievements, and its place on the P&L boards, come from the
progression policy's reaction (``XPAwarded`` …), written at a later log position
than the close itself. So ``min_position=N`` on a board, a profile or a clan means:
the leaderboard has applied N, every close at or before N has had its verdict, and
the read models asked for have applied those verdicts too. The check costs two index
lookups when nothing is pending; the read path repeats it on every progress change.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection

from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking
from projections.runtime.config import ReadModels
from query_api.reading import Settle


def verdicts(read_models: ReadModels) -> Settle:
    """The read path's settle step: None while closes up to the position wait for their verdict, else
    the position of the latest verdict given on one of them (the read models must reach it)."""
    ranking = Ranking(read_models.tables_for(LeaderboardProjection))

    def settled(conn: Connection[Any], min_position: int) -> int | None:
        pending, judged = ranking.verdicts(conn, min_position)
        return None if pending else judged

    return settled
