"""Subscription commands: pay from cash to start or extend a plan."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from aggregates import clock
from aggregates.financial.revenue import RevenueSource
from aggregates.financial.subscription import Subscription, subscription_id
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.revenue import revenue_book, wallet_of


class SubscriptionService:
    """Starts or extends a user's subscription, paid from cash, revenue recorded in one transaction."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def subscribe(
        self, user_id: UUID, plan: str, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Pay one period of ``plan``: a first subscription starts now (201), else it extends (200)."""

        def decide() -> Decision:
            now = clock.now()
            subscription = self._subscription(user_id)
            started = subscription is None
            if subscription is None:
                subscription = Subscription.start(user_id, plan, now)
            else:
                subscription.extend(plan, now)
            wallet = wallet_of(self.repository, user_id)
            wallet.pay_subscription(subscription.id, subscription.plan, subscription.last_amount)
            book = revenue_book(self.repository, user_id)
            book.record(RevenueSource.SUBSCRIPTION, subscription.last_amount, subscription.id)
            body = {
                "subscription_id": str(subscription.id),
                "plan": subscription.plan,
                "amount": str(subscription.last_amount),
                "period_start": subscription.period_start.isoformat(),
                "period_end": subscription.period_end.isoformat(),
                "cash": str(wallet.cash),
            }
            return Decision([subscription, wallet, book], body, status=201 if started else 200)

        return self.runner.run(decide, ctx, idem)

    def _subscription(self, user_id: UUID) -> Subscription | None:
        try:
            found: Subscription = self.repository.get(subscription_id(user_id))
        except AggregateNotFoundError:
            return None
        return found
