"""Liquidation: close a position at a tick's price with the loss of its whole margin."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from aggregates.financial.insurance_fund import INSURANCE_FUND_ID, InsuranceFund
from aggregates.trading.position import Position
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as
from services.revenue import wallet_of


class LiquidationService:
    """Liquidates positions (the liquidation policy's command)."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def liquidate(self, position_id: UUID, price: Decimal, ctx: CommandContext,
                  idem: Idempotency | None = None) -> CommandResult:
        """Liquidate at ``price``: position, wallet and (for a gap) the insurance fund in one transaction.

        PositionAlreadyClosed when it was closed or liquidated before (callers may swallow it)."""

        def decide() -> Decision:
            position = get_as(self.repository, position_id, Position, "position")
            settlement = position.liquidate(price)
            wallet = wallet_of(self.repository, position.owner_id)
            wallet.forfeit_margin(position.id, position.margin)
            touched: list[Aggregate] = [position, wallet]
            if settlement.uncovered_loss > 0:
                fund = self._fund()
                fund.cover(position.id, settlement.uncovered_loss)
                touched.append(fund)
            body = {"position_id": str(position.id), "exit_price": str(price),
                    "realized_pnl": str(settlement.gross_pnl), "net_pnl": str(settlement.net_pnl),
                    "uncovered_loss": str(settlement.uncovered_loss)}
            return Decision(touched, body)

        return self.runner.run(decide, ctx, idem)

    def _fund(self) -> InsuranceFund:
        try:
            fund: InsuranceFund = self.repository.get(INSURANCE_FUND_ID)
        except AggregateNotFoundError:
            fund = InsuranceFund.open()
        return fund
