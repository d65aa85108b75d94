"""The StrategyAllowance aggregate: what one user has used of their plan's strategy quotas.

One per user (its id follows from the user's). Every backtest or optimisation request and every bot start
changes it in the same transaction as what it allows, so optimistic concurrency on this one stream makes the
quotas race-free: of two concurrent requests for the last slot, one saves and the other, retried, is refused.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.strategies.errors import BotNotRunning, QuotaExceeded

_ALLOWANCE_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/strategy-allowance")


def allowance_id(user_id: UUID) -> UUID:
    return uuid5(_ALLOWANCE_NS, str(user_id))


class StrategyAllowance(AstraAggregate):
    """One user's count of backtest requests per UTC day and set of running bots."""

    TOPIC = "strategies.Allowance"

    class Opened(CreationEvent):
        """The user's first strategy request opened their allowance."""

        TOPIC = "strategies.Allowance.Opened"
        user_id: UUID

    class BacktestsCounted(AstraAggregate.Event):
        """``count`` backtest requests were counted on UTC ``day`` (ISO date), ``used`` that day in all."""

        TOPIC = "strategies.Allowance.BacktestsCounted"
        day: str
        count: int
        used: int

    class BotAttached(AstraAggregate.Event):
        """A bot started: it holds one of the plan's running-bot slots."""

        TOPIC = "strategies.Allowance.BotAttached"
        bot_id: UUID

    class BotDetached(AstraAggregate.Event):
        """A bot stopped: its slot is free again."""

        TOPIC = "strategies.Allowance.BotDetached"
        bot_id: UUID

    @event(Opened)
    def __init__(self, id: UUID, user_id: UUID) -> None:  # noqa: A002, ARG002
        self.user_id = user_id
        self.day = ""
        self.used = 0
        self.bots: list[UUID] = []

    @classmethod
    def open(cls, user_id: UUID) -> StrategyAllowance:
        """The allowance of a user who never requested anything yet."""
        return cls(id=allowance_id(user_id), user_id=user_id)

    def count_backtests(self, day: str, count: int, per_day: int) -> None:
        """Count ``count`` requests on ``day``; QuotaExceeded (nothing counted) past ``per_day``."""
        used = self.used if day == self.day else 0
        if used + count > per_day:
            raise QuotaExceeded(f"your plan allows {per_day} backtest requests per UTC day; {used} used today")
        self._counted(day, count, used + count)

    def attach_bot(self, bot_id: UUID, running_bots: int) -> None:
        """Take a running-bot slot; QuotaExceeded when the plan's are all taken."""
        if len(self.bots) >= running_bots:
            raise QuotaExceeded(f"your plan allows {running_bots} running bot(s); stop one first")
        self._attached(bot_id)

    def detach_bot(self, bot_id: UUID) -> None:
        """Free the slot of a stopped bot."""
        if bot_id not in self.bots:
            raise BotNotRunning(f"bot {bot_id} holds no slot")
        self._detached(bot_id)

    @event(BacktestsCounted)
    def _counted(self, day: str, count: int, used: int) -> None:  # noqa: ARG002
        self.day = day
        self.used = used

    @event(BotAttached)
    def _attached(self, bot_id: UUID) -> None:
        self.bots = [*self.bots, bot_id]

    @event(BotDetached)
    def _detached(self, bot_id: UUID) -> None:
        self.bots = [b for b in self.bots if b != bot_id]
