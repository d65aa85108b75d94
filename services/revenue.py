"""The books money moves between: a user's wallet and a payer's revenue book; recording revenue."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from aggregates.errors import NotFound
from aggregates.financial.revenue import PlatformRevenue, RevenueSource, revenue_book_id
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency


def wallet_of(repository: Repository[UUID], user_id: UUID) -> Wallet:
    """The user's wallet (404 for an unknown user)."""
    try:
        wallet: Wallet = repository.get(wallet_id(user_id))
    except AggregateNotFoundError:
        raise NotFound(f"no wallet for user {user_id}") from None
    return wallet


def revenue_book(repository: Repository[UUID], payer_id: UUID) -> PlatformRevenue:
    """The payer's book of the platform revenue ledger, opened with their first charge."""
    try:
        book: PlatformRevenue = repository.get(revenue_book_id(payer_id))
    except AggregateNotFoundError:
        book = PlatformRevenue.open_for(payer_id)
    return book


class RevenueService:
    """Records revenue the platform earned outside the command that charged it (trading fees)."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def record(
        self,
        payer_id: UUID,
        source: RevenueSource,
        amount: Decimal,
        reference_id: UUID,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """Record ``amount`` (> 0) earned from ``payer_id`` in their revenue book."""

        def decide() -> Decision:
            book = revenue_book(self.repository, payer_id)
            book.record(source, amount, reference_id)
            return Decision([book], {"payer_id": str(payer_id), "total": str(book.total)})

        return self.runner.run(decide, ctx, idem)
