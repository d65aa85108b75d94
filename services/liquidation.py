"""What price ticks trigger on positions: liquidation (the loss of the whole margin) and exits (stop loss,
take profit, trailing stop: a normal close at the tick's price)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from aggregates.financial.insurance_fund import INSURANCE_FUND_ID, InsuranceFund
from aggregates.trading import booking
from aggregates.trading.position import Exit, Position
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as
from services.revenue import wallet_of


class LiquidationService:
    """Liquidates positions (the liquidation policy's command)."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def liquidate(
        self, position_id: UUID, price: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Liquidate at ``price``: position, wallet and (for a gap) the insurance fund in one transaction.

        PositionAlreadyClosed when it was closed or liquidated before (callers may swallow it)."""

        def decide() -> Decision:
            position = get_as(self.repository, position_id, Position, "position")
            wallet = wallet_of(self.repository, position.owner_id)
            settlement = booking.liquidate_position(wallet, position, price)
            touched: list[Aggregate] = [position, wallet]
            if settlement.uncovered_loss > 0:
                fund = self._fund()
                fund.cover(position.id, settlement.uncovered_loss)
                touched.append(fund)
            body = {
                "position_id": str(position.id),
                "exit_price": str(price),
                "realized_pnl": str(settlement.gross_pnl),
                "net_pnl": str(settlement.net_pnl),
                "uncovered_loss": str(settlement.uncovered_loss),
            }
            return Decision(touched, body)

        return self.runner.run(decide, ctx, idem)

    def fire_exit(
        self, position_id: UUID, exit_: Exit, price: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Close the whole position by ``exit_`` at a tick's ``price`` with the normal closing fee.

        PositionAlreadyClosed when it was closed or liquidated before (callers may swallow it)."""

        def decide() -> Decision:
            position = get_as(self.repository, position_id, Position, "position")
            margin = position.margin
            settlement = position.fire_exit(exit_, price)
            wallet = wallet_of(self.repository, position.owner_id)
            wallet.release_margin(position.id, margin, settlement.gross_pnl, settlement.fee)
            body = {
                "position_id": str(position.id),
                "ended_by": exit_.value,
                "exit_price": str(price),
                "realized_pnl": str(settlement.gross_pnl),
                "fee": str(settlement.fee),
                "net_pnl": str(settlement.net_pnl),
            }
            return Decision([position, wallet], body)

        return self.runner.run(decide, ctx, idem)

    def _fund(self) -> InsuranceFund:
        try:
            fund: InsuranceFund = self.repository.get(INSURANCE_FUND_ID)
        except AggregateNotFoundError:
            fund = InsuranceFund.open()
        return fund
