"""Strategy commands: request backtests and optimisations, start and stop bots (each within the plan's quota),
and the jobs' reports on a backtest's run.

Every request changes the caller's StrategyAllowance in the same transaction as what it creates, so the
quotas hold under concurrent requests (aggregates/strategies/allowance.py). The plan is read from the
user's Subscription inside the same decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from aggregates import clock
from aggregates.errors import NotFound
from aggregates.financial.subscription import Subscription, subscription_id
from aggregates.market.instrument import instrument_id
from aggregates.strategies.allowance import StrategyAllowance, allowance_id
from aggregates.strategies.backtest import Backtest
from aggregates.strategies.bot import Bot
from aggregates.strategies.errors import QuotaExceeded, UnknownSymbol
from aggregates.strategies.optimization import Optimization
from aggregates.strategies.quotas import PlanQuota, quota_of
from aggregates.trading.market_price import market_price_id
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as


@dataclass(frozen=True)
class GridRequest:
    """What ``POST /v1/optimizations`` asks for: the shared spec, one validated params dict per combination
    (grid order), the grid as asked, and the metric to rank by."""

    spec: dict[str, Any]
    combinations: list[dict[str, Any]]
    grid: dict[str, list[Any]]
    metric: str


@dataclass(frozen=True)
class BotSpec:
    """What ``POST /v1/bots`` asks for (params already validated)."""

    strategy: str
    params: dict[str, Any]
    symbol: str
    interval: str
    quantity: Any
    equity_fraction: Any
    leverage: int


class StrategyService:
    """Backtest, optimisation and bot commands."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def request_backtest(
        self, user_id: UUID, spec: dict[str, Any], ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Record a backtest request (counted against the plan's daily backtests): 202 with its id."""

        def decide() -> Decision:
            self._check_symbol(spec["symbol"])
            allowance = self._allowance(user_id)
            allowance.count_backtests(clock.now().date().isoformat(), 1, self._quota(user_id).backtests_per_day)
            backtest = Backtest.request(user_id, spec)
            return Decision([allowance, backtest], {"backtest_id": str(backtest.id), "status": "queued"}, status=202)

        return self.runner.run(decide, ctx, idem)

    def request_optimization(
        self, user_id: UUID, grid: GridRequest, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Record a grid and one backtest per combination (one request of the daily quota; the grid within the
        plan's size): 202 with the optimisation's id."""

        def decide() -> Decision:
            self._check_symbol(grid.spec["symbol"])
            quota = self._quota(user_id)
            if len(grid.combinations) > quota.grid_combinations:
                raise QuotaExceeded(
                    f"your plan allows grids of at most {quota.grid_combinations} combinations; "
                    f"this one has {len(grid.combinations)}"
                )
            allowance = self._allowance(user_id)
            allowance.count_backtests(clock.now().date().isoformat(), 1, quota.backtests_per_day)
            ids = [uuid4() for _ in grid.combinations]
            optimization = Optimization.request(user_id, grid.spec, grid.grid, grid.metric, ids)
            backtests = [
                Backtest.request(user_id, {**grid.spec, "params": params}, optimization.id, bid)
                for bid, params in zip(ids, grid.combinations, strict=True)
            ]
            body = {"optimization_id": str(optimization.id), "combinations": len(ids)}
            return Decision([allowance, optimization, *backtests], body, status=202)

        return self.runner.run(decide, ctx, idem)

    def start_bot(
        self, user_id: UUID, spec: BotSpec, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Start a bot on the caller's account, within the plan's running bots: 201 with its id."""

        def decide() -> Decision:
            self._check_symbol(spec.symbol)
            allowance = self._allowance(user_id)
            bot = Bot.start(
                user_id,
                spec.strategy,
                spec.params,
                spec.symbol,
                spec.interval,
                spec.quantity,
                spec.equity_fraction,
                spec.leverage,
            )
            allowance.attach_bot(bot.id, self._quota(user_id).running_bots)
            return Decision([allowance, bot], {"bot_id": str(bot.id), "status": "running"}, status=201)

        return self.runner.run(decide, ctx, idem)

    def stop_bot(
        self, user_id: UUID, bot_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Stop the caller's own bot (another's is 404), freeing its slot."""

        def decide() -> Decision:
            bot = get_as(self.repository, bot_id, Bot, "bot")
            if bot.owner_id != user_id:
                raise NotFound(f"bot {bot_id} not found")  # whether another's bot exists is private
            bot.stop("owner")
            allowance = self._allowance(user_id)
            allowance.detach_bot(bot.id)
            return Decision([bot, allowance], {"bot_id": str(bot.id), "status": "stopped"})

        return self.runner.run(decide, ctx, idem)

    def _check_symbol(self, symbol: str) -> None:
        # Known: priced at least once, or configured by an admin (its candles may come from imported history).
        if market_price_id(symbol) not in self.repository and instrument_id(symbol) not in self.repository:
            raise UnknownSymbol(f"no market {symbol}")

    def _allowance(self, user_id: UUID) -> StrategyAllowance:
        try:
            found: StrategyAllowance = self.repository.get(allowance_id(user_id))
        except AggregateNotFoundError:
            return StrategyAllowance.open(user_id)
        return found

    def _quota(self, user_id: UUID) -> PlanQuota:
        try:
            subscription: Subscription = self.repository.get(subscription_id(user_id))
        except AggregateNotFoundError:
            return quota_of(None)
        return quota_of(subscription.plan if subscription.is_active(clock.now()) else None)
