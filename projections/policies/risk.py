"""The daily loss policy: each trader's realized net P&L per UTC day, and ``RiskLimitHit`` when it reaches the limit.

``trading.Position.Closed`` / ``PartiallyClosed`` / ``Liquidated`` add their ``net_pnl`` to the owner's day
(the UTC day of the event) in the table ``risk_daily_net``, in the runtime's transaction; a day whose net is a
loss, for an owner with a risk profile, is then put to the profile (``RiskService.record_daily_loss``), which
records ``RiskLimitHit`` once per day when the loss reaches ``max_daily_loss``. ``LimitsSet`` does the same
for the day it was set on, so a limit set below a loss already made today takes effect at once.

The hit lags the losing close by this policy's latency (milliseconds when it keeps up): an entry in between
passes. Entries, not closes, are what the hit refuses, so nothing a trader owes escapes it.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.errors import NotFound
from aggregates.trading.position import Position
from aggregates.trading.risk import (
    DailyLossNotReached,
    RiskLimitAlreadyHit,
    RiskProfile,
    add_to_day,
    risk_profile_id,
    utc_day,
)
from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from projections.runtime.statements import StatementSet
from services.risk import RiskService

DAILY = "risk_daily_net"
_DDL = """CREATE TABLE IF NOT EXISTS {risk_daily_net} (
    user_id uuid NOT NULL, day date NOT NULL, net numeric NOT NULL, PRIMARY KEY (user_id, day))"""
_READ = "SELECT net FROM {risk_daily_net} WHERE user_id = %s AND day = %s FOR UPDATE"
_WRITE = """INSERT INTO {risk_daily_net} (user_id, day, net) VALUES (%s, %s, %s)
ON CONFLICT (user_id, day) DO UPDATE SET net = EXCLUDED.net"""
SQL = StatementSet(tables=(DAILY,), ddl=(_DDL,), statements={"read": _READ, "write": _WRITE})


class DailyLossPolicy(Policy):
    """Sums each trader's realized net P&L per UTC day; records the daily loss limit's hit."""

    name: ClassVar[str] = "risk_daily_loss"
    tables: ClassVar[tuple[str, ...]] = (DAILY,)

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Position.Closed, Position.PartiallyClosed, Position.Liquidated)
    def _realized(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        """The day's net moves by the realized net P&L; a loss may reach the limit."""
        day = utc_day(event.timestamp)
        owner = cast(Position, self.store.repository.get(event.originator_id)).owner_id
        net = add_to_day(_net(cursor, tables, owner, day), event.event.net_pnl)  # type: ignore[attr-defined]
        cursor.execute(SQL.render(tables).write, (owner, day, net))
        self._put(event, owner, day, net)

    @handles(RiskProfile.LimitsSet)
    def _limits_set(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        """A limit set (or lowered) during the day may already be reached by its net."""
        day = utc_day(event.timestamp)
        owner = cast(RiskProfile, self.store.repository.get(event.originator_id)).owner_id
        self._put(event, owner, day, _net(cursor, tables, owner, day))

    def _put(self, event: LoggedEvent, owner: UUID, day: str, net: Decimal) -> None:
        if net >= 0 or risk_profile_id(owner) not in self.store.repository:
            return  # no loss, or no limits to reach
        with suppress(DailyLossNotReached, RiskLimitAlreadyHit, NotFound):
            RiskService(self.runner_for(event)).record_daily_loss(
                owner, day, net, self.context_for(event), self.idempotency_for(event)
            )


def _net(cursor: Cursor[Any], tables: Tables, owner: UUID, day: str) -> Decimal:
    cursor.execute(SQL.render(tables).read, (owner, day))
    row = cursor.fetchone()
    return Decimal("0.00") if row is None else cast(Decimal, row[0])
