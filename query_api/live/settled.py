"""Read-your-writes past the gamification policy's reactions.

A close's XP, level, achievements, and its place on the P&L boards, come from the
progression policy's reaction (``XPAwarded`` …), written at a later log position
than the close itself. So ``min_position=N`` here means: the leaderboard has applied
N, every close at or before N has had its verdict, and the read models asked for
have applied those verdicts too. It costs two index lookups when nothing is pending.
"""

from __future__ import annotations

import time
from typing import Any

from psycopg_pool import ConnectionPool

from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking
from query_api.errors import ApiProblem
from query_api.queries import RETRY_AFTER_SECONDS, ReadModelQueries

POLL = 0.02  # seconds between looks at the pending verdicts


class Settled:
    """Waits, bounded by the queries' wait timeout, for ``min_position`` and the reactions before it."""

    def __init__(self, pool: ConnectionPool[Any], queries: ReadModelQueries, ranking: Ranking) -> None:
        self.pool, self.queries, self.ranking = pool, queries, ranking

    def reach(self, names: list[str], min_position: int | None) -> None:
        if min_position is None:
            return
        self.queries.reach([LeaderboardProjection.name], min_position)
        deadline = time.monotonic() + self.queries.wait_timeout
        while True:
            with self.pool.connection() as conn:
                pending, judged = self.ranking.verdicts(conn, min_position)
            if not pending:
                break
            if time.monotonic() > deadline:
                detail = f"{pending} closes at or before position {min_position} still wait for their verdict"
                raise ApiProblem(503, "projection_lagging", detail, {"Retry-After": str(RETRY_AFTER_SECONDS)},
                                 projection="progression", min_position=min_position)
            time.sleep(POLL)
        self.queries.reach(names, max(min_position, judged))
