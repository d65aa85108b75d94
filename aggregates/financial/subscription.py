"""The Subscription aggregate: a user's paid plan, started or extended one period at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import DomainError

_SUBSCRIPTION_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/subscription")


@dataclass(frozen=True)
class Plan:
    """A plan: its price in USD per period."""

    name: str
    price: Decimal
    period: timedelta


PLANS = {"pro": Plan("pro", Decimal("9.99"), timedelta(days=30))}


class UnknownPlan(DomainError):
    code = "unknown_plan"
    status = 422


def subscription_id(user_id: UUID) -> UUID:
    """Each user has at most one subscription; its id follows from the user's id."""
    return uuid5(_SUBSCRIPTION_NS, str(user_id))


def plan_named(name: str) -> Plan:
    try:
        return PLANS[name]
    except KeyError:
        raise UnknownPlan(f"unknown plan {name!r}; plans: {', '.join(sorted(PLANS))}") from None


class Subscription(AstraAggregate):
    """A user's subscription: paid until ``period_end``."""

    TOPIC = "financial.Subscription"

    class Started(CreationEvent):
        """The user paid for a first period of ``plan``."""

        TOPIC = "financial.Subscription.Started"
        user_id: UUID
        plan: str
        amount: Decimal
        period_start: datetime
        period_end: datetime

    class Extended(AstraAggregate.Event):
        """The user paid for one more period: from the current end, or from now once lapsed."""

        TOPIC = "financial.Subscription.Extended"
        plan: str
        amount: Decimal
        period_start: datetime
        period_end: datetime

    @event(Started)
    def __init__(
        self,
        id: UUID,  # noqa: A002, ARG002
        user_id: UUID,
        plan: str,
        amount: Decimal,
        period_start: datetime,
        period_end: datetime,
    ) -> None:
        self.user_id = user_id
        self._paid(plan, amount, period_start, period_end)

    @classmethod
    def start(cls, user_id: UUID, plan: str, now: datetime) -> Subscription:
        """Pay for a first period of ``plan`` starting ``now``."""
        chosen = plan_named(plan)
        return cls(
            id=subscription_id(user_id),
            user_id=user_id,
            plan=chosen.name,
            amount=chosen.price,
            period_start=now,
            period_end=now + chosen.period,
        )

    def extend(self, plan: str, now: datetime) -> None:
        """Pay for one more period: it adds a period to the current end, or starts now if lapsed."""
        chosen = plan_named(plan)
        start = max(now, self.period_end)
        self._extended(plan=chosen.name, amount=chosen.price, period_start=start, period_end=start + chosen.period)

    def is_active(self, now: datetime) -> bool:
        return self.period_end > now

    @event(Extended)
    def _extended(self, plan: str, amount: Decimal, period_start: datetime, period_end: datetime) -> None:
        self._paid(plan, amount, period_start, period_end)

    def _paid(self, plan: str, amount: Decimal, period_start: datetime, period_end: datetime) -> None:
        self.plan = plan
        self.last_amount = amount
        self.period_start = period_start
        self.period_end = period_end
