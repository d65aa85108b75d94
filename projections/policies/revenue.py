"""The revenue policy: every trading fee charged is recorded in the payer's revenue book.

Opening and closing a position stay a wallet-and-position transaction (no shared
aggregate on the hot path, docs/decisions.md "Platform revenue"); this policy
records their fees right after, exactly once per (event, position).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from psycopg import Cursor

from aggregates.financial.revenue import RevenueSource
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from services.revenue import RevenueService


class RevenuePolicy(Policy):
    """Records the opening and closing fee of every position as platform revenue."""

    name: ClassVar[str] = "platform_revenue"

    @handles(Position.Opened, Position.Closed)
    def _fee_charged(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        fee = cast(Decimal, event.event.fee)  # type: ignore[attr-defined]
        if fee <= 0:
            return  # a fee rounded (or capped) to 0.00 earned nothing
        if event.topic == Position.Opened.TOPIC:
            payer = cast(Position.Opened, event.event).owner_id
        else:
            position: Position = self.store.repository.get(event.originator_id)
            payer = position.owner_id
        RevenueService(self.runner_for(event)).record(
            payer,
            RevenueSource.TRADING_FEE,
            fee,
            event.originator_id,
            self.context_for(event),
            self.idempotency_for(event),
        )
