"""The Optimization aggregate: a grid of parameter values fanned out as one backtest per combination."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.strategies.errors import OptimizationCompleted


class Optimization(AstraAggregate):
    """One grid search: its request, its backtests, and its completion."""

    TOPIC = "strategies.Optimization"

    class Requested(CreationEvent):
        """A trader asked to rank every combination of ``grid`` by ``metric``; ``spec`` is the shared part of the
        backtests (strategy, symbol, range, sizing…), ``backtest_ids`` the combination runs, in grid order."""

        TOPIC = "strategies.Optimization.Requested"
        owner_id: UUID
        spec: dict[str, Any]
        grid: dict[str, list[Any]]
        metric: str
        backtest_ids: list[UUID]

    class Completed(AstraAggregate.Event):
        """Every combination finished; ``best_backtest_id`` ranks first by the metric (None: none completed)."""

        TOPIC = "strategies.Optimization.Completed"
        best_backtest_id: UUID | None
        completed: int
        failed: int

    @event(Requested)
    def __init__(
        self, owner_id: UUID, spec: dict[str, Any], grid: dict[str, list[Any]], metric: str, backtest_ids: list[UUID]
    ) -> None:
        self.owner_id = owner_id
        self.spec = spec
        self.grid = grid
        self.metric = metric
        self.backtest_ids = backtest_ids
        self.completed = False

    @classmethod
    def request(
        cls, owner_id: UUID, spec: dict[str, Any], grid: dict[str, list[Any]], metric: str, backtest_ids: list[UUID]
    ) -> Optimization:
        """Record a validated grid request."""
        return cls(owner_id=owner_id, spec=spec, grid=grid, metric=metric, backtest_ids=backtest_ids)

    def complete(self, best_backtest_id: UUID | None, completed: int, failed: int) -> None:
        """Record the end, once."""
        if self.completed:
            raise OptimizationCompleted(f"optimization {self.id} already completed")
        self._completed(best_backtest_id, completed, failed)

    @event(Completed)
    def _completed(self, best_backtest_id: UUID | None, completed: int, failed: int) -> None:  # noqa: ARG002
        self.completed = True
