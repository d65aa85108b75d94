"""What each plan allows (api.md "Strategies, backtests and bots"): backtests per UTC day, running bots, grid size."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanQuota:
    """The strategy limits of one plan."""

    backtests_per_day: int
    running_bots: int
    grid_combinations: int


FREE = PlanQuota(backtests_per_day=20, running_bots=1, grid_combinations=50)
PRO = PlanQuota(backtests_per_day=1_000, running_bots=10, grid_combinations=2_000)


def quota_of(plan: str | None) -> PlanQuota:
    """``pro`` while a pro subscription is paid, else the free plan's."""
    return PRO if plan == "pro" else FREE
