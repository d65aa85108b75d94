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

from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.runtime.base import Projection, Tables
from projections.trade_history.view import TABLES, Ended, TradeHistoryView

BOT_ACTOR_PREFIX = "bot:"  # api.md: a bot's commands carry `actor: bot:<id>`


class TradeHistoryProjection(Projection):
    """Every close and liquidation with prices, P&L, fees, how it ended and why it earned nothing."""

    name: ClassVar[str] = "trade_history"
    topics: ClassVar[tuple[str, ...]] = (Position.Opened.TOPIC, Position.Increased.TOPIC,
                                         Position.PartiallyClosed.TOPIC, Position.Closed.TOPIC,
                                         Position.Liquidated.TOPIC, Progression.XPAwarded.TOPIC)
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # a trader's record of their trades is never silently short of one

    def __init__(self, view: TradeHistoryView | None = None) -> None:
        self.view = view or TradeHistoryView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        e: Any = event.event
        if isinstance(e, Position.Opened):
            self.view.opened(cursor, tables, event.originator_id, e)
        elif isinstance(e, Position.Increased):
            self.view.increased(cursor, tables, event.originator_id, e)
        elif isinstance(e, Position.PartiallyClosed):
            self.view.partly_ended(cursor, tables, event.position, event.timestamp, _ended(event, e, "partial"), e)
        elif isinstance(e, Position.Closed | Position.Liquidated):
            # A final close says how it ended (closed by its owner, or an exit firing: v2's ``ended_by``).
            ended_by = e.ended_by if isinstance(e, Position.Closed) else "liquidated"
            self.view.ended(cursor, tables, event.position, event.timestamp, _ended(event, e, ended_by))
        elif isinstance(e, Progression.XPAwarded):
            if e.position_id is not None and e.flag is not None:
                self.view.flagged(cursor, tables, e.trigger, e.position_id, e.flag)
        else:
            raise ValueError(f"trade_history does not handle {event.topic!r} (position {event.position})")


def _ended(event: LoggedEvent, e: Any, ended_by: str) -> Ended:
    by_bot = str(event.metadata.get("actor") or "").startswith(BOT_ACTOR_PREFIX)
    return Ended(position_id=event.originator_id, exit_price=e.exit_price, gross_pnl=e.gross_pnl, fee=e.fee,
                 net_pnl=e.net_pnl, ended_by=ended_by, flags=["bot"] if by_bot else [])
