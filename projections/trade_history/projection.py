"""The trade history projection: each close or liquidation of a position, then its XP flag.

``trading.Position.Opened`` is remembered (and ``Increased`` updates it); ``PartiallyClosed`` adds a
``partial`` row for the quantity closed and keeps the rest; ``Closed`` (``ended_by`` says whether by its
owner or an exit) / ``Liquidated`` add the final row; a close made
by a bot (metadata ``actor: bot:<id>``) carries ``bot`` at once; the progression policy's
``gamification.Progression.XPAwarded`` adds its ``flag`` to the row of the close it scored
(its ``trigger`` is that close's log position), so a row shows the reason as soon as the
policy has decided it.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles
from projections.trade_history.view import TABLES, Ended, TradeHistoryView

BOT_ACTOR_PREFIX = "bot:"  # api.md: a bot's commands carry `actor: bot:<id>`


class TradeHistoryProjection(Projection):
    """Every close and liquidation with prices, P&L, fees, how it ended and why it earned nothing."""

    name: ClassVar[str] = "trade_history"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # a trader's record of their trades is never silently short of one

    def __init__(self, view: TradeHistoryView | None = None) -> None:
        self.view = view or TradeHistoryView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    @handles(Position.Opened)
    def _opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.opened(cur, t, e.originator_id, cast(Position.Opened, e.event))

    @handles(Position.Increased)
    def _increased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.increased(cur, t, e.originator_id, cast(Position.Increased, e.event))

    @handles(Position.PartiallyClosed)
    def _partly_ended(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.PartiallyClosed, e.event)
        self.view.partly_ended(cur, t, e.position, e.timestamp, _ended(e, ev, "partial"), ev)

    @handles(Position.Closed, Position.Liquidated)
    def _closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev: Any = e.event
        # A final close says how it ended (closed by its owner, or an exit firing: v2's ``ended_by``).
        ended_by = ev.ended_by if isinstance(ev, Position.Closed) else "liquidated"
        self.view.ended(cur, t, e.position, e.timestamp, _ended(e, ev, ended_by))

    @handles(Progression.XPAwarded)
    def _xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.XPAwarded, e.event)
        if ev.position_id is not None and ev.flag is not None:
            self.view.flagged(cur, t, ev.trigger, ev.position_id, ev.flag)


def _ended(event: LoggedEvent, e: Any, ended_by: str) -> Ended:
    by_bot = str(event.metadata.get("actor") or "").startswith(BOT_ACTOR_PREFIX)
    return Ended(
        position_id=event.originator_id,
        exit_price=e.exit_price,
        gross_pnl=e.gross_pnl,
        fee=e.fee,
        net_pnl=e.net_pnl,
        ended_by=ended_by,
        flags=["bot"] if by_bot else [],
    )
