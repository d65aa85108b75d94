"""The analytics projection: each event becomes one statement on the analytics tables.

Trades (opens, increases, partial closes, closes, liquidations) become trade facts and their rollups; XP awards and
achievement unlocks become engagement facts and their daily rollups; clan
foundings, joins and leaves keep each clan's size.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from psycopg import Cursor
from psycopg.sql import Composable

from aggregates.gamification.progression import Progression
from aggregates.social.clan import Clan
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.analytics import statements
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles
from projections.runtime.statements import Rendered

ANALYTICS_SCHEMA = "analytics"  # where the analyst role reads; see docs/analytics.md


def _when(event: LoggedEvent) -> dict[str, Any]:
    """When it happened, and the UTC hour and day it counts in."""
    at = event.timestamp.astimezone(UTC)
    hour: datetime = at.replace(minute=0, second=0, microsecond=0)
    day: date = at.date()
    return {"pos": event.position, "at": at, "hour": hour, "day": day}


def _opened(event: LoggedEvent) -> dict[str, Any]:
    opened = cast(Position.Opened, event.event)
    return {
        **_when(event),
        "position_id": event.originator_id,
        "user_id": opened.owner_id,
        "symbol": opened.symbol,
        "side": opened.side,
        "quantity": opened.quantity,
        "price": opened.entry_price,
        "notional": opened.notional,
        "fee": opened.fee,
        "leverage": opened.leverage,
        "margin": opened.margin,
    }


def _closed(event: LoggedEvent, kind: str) -> dict[str, Any]:
    """A close, or a liquidation (same fields, ``kind="liquidation"``)."""
    closed = cast(Position.Closed, event.event)
    return {
        **_when(event),
        "position_id": event.originator_id,
        "kind": kind,
        "price": closed.exit_price,
        "fee": closed.fee,
        "gross_pnl": closed.gross_pnl,
        "net_pnl": closed.net_pnl,
        "uncovered_loss": closed.uncovered_loss,
    }


def _partial(event: LoggedEvent) -> dict[str, Any]:
    part = cast(Position.PartiallyClosed, event.event)
    return {
        **_when(event),
        "position_id": event.originator_id,
        "quantity": part.quantity,
        "price": part.exit_price,
        "fee": part.fee,
        "margin": part.margin_released,
        "gross_pnl": part.gross_pnl,
        "net_pnl": part.net_pnl,
        "uncovered_loss": part.uncovered_loss,
    }


def _increased(event: LoggedEvent) -> dict[str, Any]:
    added = cast(Position.Increased, event.event)
    return {
        **_when(event),
        "position_id": event.originator_id,
        "quantity": added.quantity,
        "price": added.price,
        "fee": added.fee,
        "margin": added.margin_added,
    }


def _xp_awarded(event: LoggedEvent) -> dict[str, Any]:
    """A scored close or a challenge win; a flagged close is an award of 0 XP."""
    award = cast(Progression.XPAwarded, event.event)
    return {
        **_when(event),
        "user_id": award.user_id,
        "source": "close" if award.challenge_id is None else "challenge",
        "xp": award.xp,
        "base": award.base,
        "return_bonus": award.return_bonus,
        "streak_bonus": award.streak_bonus,
        "challenge_bonus": award.challenge_bonus,
        "flag": award.flag,
    }


def _unlocked(event: LoggedEvent) -> dict[str, Any]:
    unlocked = cast(Progression.AchievementUnlocked, event.event)
    return {**_when(event), "user_id": unlocked.user_id, "achievement": unlocked.achievement}


def _clan_founded(event: LoggedEvent) -> dict[str, Any]:
    founded = cast(Clan.Founded, event.event)
    return {**_when(event), "clan_id": event.originator_id, "name": founded.name}


def _member_moved(event: LoggedEvent, delta: int) -> dict[str, Any]:
    return {**_when(event), "clan_id": event.originator_id, "delta": delta}


class AnalyticsProjection(Projection):
    """Trade facts, volume and active traders per hour and day, the P&L distribution source, engagement."""

    name: ClassVar[str] = "analytics"
    # 2: engagement (XP and achievements per day, clan sizes); 3: partial closes and increases are trades, and a
    # final close counts the quantity left (not the opening quantity)
    version: ClassVar[int] = 3
    tables: ClassVar[tuple[str, ...]] = statements.TABLES
    on_poison: ClassVar[PoisonPolicy] = "skip"  # figures for analysts: park a bad event, keep going
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read
    # Meant for a schema of its own (``Tables(ANALYTICS_SCHEMA)``) that only this
    # projection writes and the analyst role reads; every name goes through Tables.
    schema: ClassVar[str] = ANALYTICS_SCHEMA

    def sql(self, tables: Tables) -> Rendered:
        """The statements for ``tables`` (rendered once per set of tables)."""
        return statements.SQL.render(tables)

    def create_tables(self, tables: Tables) -> list[Composable]:  # not sql.: the class has a method sql
        return list(self.sql(tables).ddl)

    @handles(Position.Opened)
    def _on_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).record_open, _opened(e))

    @handles(Position.Closed)
    def _on_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).record_close, _closed(e, kind="close"))

    @handles(Position.Liquidated)
    def _on_liquidated(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).record_close, _closed(e, kind="liquidation"))

    @handles(Position.PartiallyClosed)
    def _on_partial(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).record_partial, _partial(e))

    @handles(Position.Increased)
    def _on_increased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).record_increase, _increased(e))

    @handles(Progression.XPAwarded)
    def _on_xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).award_xp, _xp_awarded(e))

    @handles(Progression.AchievementUnlocked)
    def _on_unlocked(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).unlock_achievement, _unlocked(e))

    @handles(Clan.Founded)
    def _on_clan_founded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).found_clan, _clan_founded(e))

    @handles(Clan.MemberJoined)
    def _on_member_joined(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).move_member, _member_moved(e, delta=1))

    @handles(Clan.MemberLeft)
    def _on_member_left(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(self.sql(t).move_member, _member_moved(e, delta=-1))
