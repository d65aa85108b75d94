"""The backtest job's commands: a run started, completed (stats and results digest) or failed, and the end of
an optimisation once all its combinations have finished."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from aggregates.strategies.backtest import Backtest
from aggregates.strategies.optimization import Optimization
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as

JOB_ACTOR = "job:backtests"


class BacktestRuns:
    """Records what a job worker did with one backtest."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def backtest(self, backtest_id: UUID) -> Backtest:
        return get_as(self.repository, backtest_id, Backtest, "backtest")

    def optimization(self, optimization_id: UUID) -> Optimization:
        return get_as(self.repository, optimization_id, Optimization, "optimization")

    def start(self, backtest_id: UUID) -> CommandResult:
        """Mark it running (BacktestFinished when it already ended: a duplicate message)."""
        return self._on(backtest_id, lambda b: b.start())

    def complete(self, backtest_id: UUID, stats: dict[str, Any], digest: str) -> CommandResult:
        return self._on(backtest_id, lambda b: b.complete(stats, digest))

    def fail(self, backtest_id: UUID, reason: str) -> CommandResult:
        return self._on(backtest_id, lambda b: b.fail(reason))

    def complete_optimization(
        self, optimization_id: UUID, best: UUID | None, completed: int, failed: int
    ) -> CommandResult:
        """Record the end of a grid (OptimizationCompleted when another job recorded it first)."""

        def decide() -> Decision:
            optimization = self.optimization(optimization_id)
            optimization.complete(best, completed, failed)
            return Decision([optimization], {"optimization_id": str(optimization_id)})

        ctx = CommandContext(actor=JOB_ACTOR, correlation_id=str(optimization_id))
        return self.runner.run(decide, ctx, Idempotency(f"optimization:{optimization_id}:complete", {}))

    def _on(self, backtest_id: UUID, step: Callable[[Backtest], None]) -> CommandResult:
        def decide() -> Decision:
            backtest = self.backtest(backtest_id)
            step(backtest)
            return Decision([backtest], {"backtest_id": str(backtest_id), "status": backtest.status.value})

        ctx = CommandContext(actor=JOB_ACTOR, correlation_id=str(backtest_id))
        return self.runner.run(decide, ctx)
