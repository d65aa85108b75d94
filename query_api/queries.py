"""The reads behind the routes: wait for ``min_position``, then read one consistent snapshot.

Every read runs in one REPEATABLE READ, READ ONLY transaction (the pool configures
its connections so), so ``as_of_position`` and the rows come from the same instant.
"""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from projections.portfolio.projection import PortfolioProjection
from projections.portfolio.valuation import Portfolio
from projections.portfolio.view import PortfolioView
from projections.runtime import ReadModels, Tables, projection_status
from query_api.errors import ApiProblem
from query_api.metrics import Metrics
from query_api.progress import Progress
from query_api.schemas.projections import ProjectionState

RETRY_AFTER_SECONDS = 1


class ReadModelQueries:
    """Portfolio and projection-status reads of one read-model schema."""

    def __init__(self, pool: ConnectionPool[Any], read_models: ReadModels, progress: Progress, metrics: Metrics,
                 wait_timeout: float) -> None:
        self.pool, self.read_models, self.progress = pool, read_models, progress
        self.tables = Tables(read_models.schema)
        self.metrics, self.wait_timeout = metrics, wait_timeout
        self.portfolios = PortfolioView()

    def portfolio(self, user_id: UUID, min_position: int | None) -> tuple[Portfolio, int]:
        """The user's portfolio and the position it is as of; 404 when unknown, 503 when lagging."""
        name = PortfolioProjection.name
        self.reach([name], min_position)
        with self.pool.connection() as conn:
            as_of = self.progress.position(conn, name)
            portfolio = self.portfolios.portfolio(conn, self.tables, user_id)
        if portfolio is None:
            raise ApiProblem(404, "not_found", f"no portfolio for user {user_id}")
        return portfolio, as_of

    def projections(self, min_position: int | None) -> list[ProjectionState]:
        """Every projection's state, once each has reached ``min_position``."""
        if min_position is not None:
            self.reach([state.name for state in self._states()], min_position)
        return self._states()

    def _states(self) -> list[ProjectionState]:
        with self.pool.connection() as conn:
            return [ProjectionState.of(s) for s in projection_status(self.read_models, conn=conn)]

    def reach(self, names: list[str], min_position: int | None) -> None:
        """Return once every projection named has applied ``min_position`` (one shared time
        budget), else raise 503 with Retry-After."""
        if min_position is None:
            return
        started = time.monotonic()
        for name in names:
            remaining = max(0.0, self.wait_timeout - (time.monotonic() - started))
            reached = self.progress.wait_for(name, min_position, remaining)
            self.metrics.waits.labels(name, "reached" if reached else "timeout").observe(time.monotonic() - started)
            if not reached:
                raise ApiProblem(503, "projection_lagging",
                                 f"{name} has not reached position {min_position} within {self.wait_timeout:g} s",
                                 {"Retry-After": str(RETRY_AFTER_SECONDS)}, projection=name, min_position=min_position)
