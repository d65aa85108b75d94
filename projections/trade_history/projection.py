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
from projections.trade_history.statements import SQL, TABLES

BOT_ACTOR_PREFIX = "bot:"  # api.md: a bot's commands carry `actor: bot:<id>`


class TradeHistoryProjection(Projection):
    """Every close and liquidation with prices, P&L, fees, how it ended and why it earned nothing."""

    name: ClassVar[str] = "trade_history"
    tables: ClassVar[tuple[str, ...]] = TABLES
    on_poison = "halt"  # a trader's record of their trades is never silently short of one

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Position.Opened)
    def _opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Opened, e.event)
        cur.execute(
            SQL.render(t).opened,
            (e.originator_id, ev.owner_id, ev.symbol, ev.side, ev.quantity, ev.entry_price, ev.fee),
        )

    @handles(Position.Increased)
    def _increased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Increased, e.event)
        params = {
            "position_id": e.originator_id,
            "quantity": ev.total_quantity,
            "entry_price": ev.entry_price,
            "fee": ev.fee,
        }
        cur.execute(SQL.render(t).increased, params)

    @handles(Position.PartiallyClosed)
    def _partly_ended(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """A partial close: a row for the quantity closed (with its share of the opening fee), the rest stays."""
        ev = cast(Position.PartiallyClosed, e.event)
        params = {**_ended(e, ev, "partial"), "quantity": ev.quantity, "open_fee": ev.open_fee}
        rendered = SQL.render(t)
        if cur.execute(rendered.partly_ended, params).rowcount == 1:
            cur.execute(
                rendered.partly,
                {"position_id": e.originator_id, "remaining": ev.remaining_quantity, "open_fee": ev.open_fee},
            )
        else:
            _refuse_unless_applied(cur, t, e)

    @handles(Position.Closed, Position.Liquidated)
    def _closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev: Any = e.event
        # A final close says how it ended (closed by its owner, or an exit firing: v2's ``ended_by``).
        ended_by = ev.ended_by if isinstance(ev, Position.Closed) else "liquidated"
        if cur.execute(SQL.render(t).ended, _ended(e, ev, ended_by)).rowcount == 0:
            _refuse_unless_applied(cur, t, e)

    @handles(Progression.XPAwarded)
    def _xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.XPAwarded, e.event)
        if ev.position_id is not None and ev.flag is not None:
            params = {"trigger": ev.trigger, "position_id": ev.position_id, "flag": ev.flag}
            cur.execute(SQL.render(t).flagged, params)


def _ended(event: LoggedEvent, e: Any, ended_by: str) -> dict[str, Any]:
    """The parameters of a row ending (part of) the position: what the ending event said."""
    by_bot = str(event.metadata.get("actor") or "").startswith(BOT_ACTOR_PREFIX)
    return {
        "pos": event.position,
        "at": event.timestamp,
        "position_id": event.originator_id,
        "exit": e.exit_price,
        "gross": e.gross_pnl,
        "fee": e.fee,
        "net": e.net_pnl,
        "ended_by": ended_by,
        "flags": ["bot"] if by_bot else [],
    }


def _refuse_unless_applied(cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
    """No row inserted: a replay of this event (its row is there), else its position's opening never came."""
    if cur.execute(SQL.render(t).has, (e.position,)).fetchone() is None:
        raise ValueError(f"trade_history: position {e.originator_id} ended before it opened")
