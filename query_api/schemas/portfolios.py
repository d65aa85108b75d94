"""GET /v1/portfolios/{user_id}: the response model."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from projections.portfolio.valuation import OpenPosition, Portfolio
from query_api.schemas.common import DecimalString


class PositionView(BaseModel):
    """An open position valued at the latest price of its symbol."""

    position_id: UUID
    symbol: str = Field(examples=["BTC-USD"])
    side: str = Field(examples=["long"])
    quantity: DecimalString
    leverage: int
    entry_price: DecimalString
    mark_price: DecimalString = Field(description="latest recorded price of the symbol")
    margin: DecimalString
    fee: DecimalString = Field(description="opening fee paid")
    liquidation_price: DecimalString
    unrealized_pnl: DecimalString = Field(description="gross P&L if closed at mark_price, at most -margin as loss")
    opened_at: datetime

    @classmethod
    def of(cls, p: OpenPosition) -> PositionView:
        return cls(
            position_id=p.position_id,
            symbol=p.symbol,
            side=p.side,
            quantity=p.quantity,
            leverage=p.leverage,
            entry_price=p.entry_price,
            mark_price=p.mark_price,
            margin=p.margin,
            fee=p.fee,
            liquidation_price=p.liquidation_price,
            unrealized_pnl=p.unrealized_pnl,
            opened_at=p.opened_at,
        )


class PortfolioReply(BaseModel):
    """A trader's portfolio as of ``as_of_position`` of the global log."""

    user_id: UUID
    as_of_position: int = Field(description="the portfolio includes every event up to this log position")
    currency: str = Field(description="currency of realized_pnl, unrealized_pnl and equity", examples=["USD"])
    cash: dict[str, DecimalString] = Field(description="cash not reserved as margin, by currency")
    reserved_margin: dict[str, DecimalString] = Field(description="margin held by open positions, by currency")
    total_deposits: dict[str, DecimalString] = Field(description="all cash ever deposited, by currency")
    held_by_orders: dict[str, DecimalString] = Field(
        default_factory=dict, description="cash reserved by resting orders (margin + fee at their price)"
    )
    positions: list[PositionView]
    unrealized_pnl: DecimalString
    realized_pnl: DecimalString = Field(description="net of both fees, over every closed position")
    closed_positions: int
    equity: DecimalString = Field(description="cash + reserved margin + held by orders + unrealized P&L, in currency")

    @classmethod
    def of(cls, p: Portfolio, as_of_position: int) -> PortfolioReply:
        return cls(
            user_id=p.user_id,
            as_of_position=as_of_position,
            currency=p.currency,
            cash={b.currency: b.cash for b in p.balances},
            reserved_margin={b.currency: b.reserved_margin for b in p.balances},
            total_deposits={b.currency: b.total_deposits for b in p.balances},
            held_by_orders={b.currency: b.held_by_orders for b in p.balances},
            positions=[PositionView.of(pos) for pos in p.positions],
            unrealized_pnl=p.unrealized_pnl,
            realized_pnl=p.realized_pnl,
            closed_positions=p.closed_positions,
            equity=p.equity,
        )
