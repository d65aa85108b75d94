"""The leaderboard projection: each event becomes one or two calls on the LeaderboardView.

A close counts on the P&L boards once the gamification policy has judged it fair
(``XPAwarded.counts_for_leaderboard``, docs/read-models.md "Leaderboards"): until
then it is only recorded. A liquidation is never judged and counts at once. Partial
closes add their net P&L to their position, which counts it with its final close or
liquidation (the position is judged as a whole).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.social.clan import Clan
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.leaderboard.view import LeaderboardView
from projections.runtime.base import PoisonPolicy, Projection, Tables

Handler = Callable[[Cursor[Any], Tables, LoggedEvent], None]


class LeaderboardProjection(Projection):
    """Rankings by XP, net realized P&L and ROI, per UTC day, ISO week and all time, global and per clan."""

    name: ClassVar[str] = "leaderboard"
    version: ClassVar[int] = 2  # 2: partial closes count with their position's final close
    topics: ClassVar[tuple[str, ...]] = (
        Wallet.Opened.TOPIC, Wallet.Deposited.TOPIC,
        Position.Opened.TOPIC, Position.Closed.TOPIC, Position.Liquidated.TOPIC, Position.PartiallyClosed.TOPIC,
        Progression.XPAwarded.TOPIC, Clan.Founded.TOPIC, Clan.MemberJoined.TOPIC, Clan.MemberLeft.TOPIC,
    )
    tables: ClassVar[tuple[str, ...]] = LeaderboardView.TABLES
    # Rankings are derived figures: a bad event is parked and reported, the boards keep moving.
    on_poison: ClassVar[PoisonPolicy] = "skip"
    pipelined: ClassVar[bool] = True  # one statement per call, never fetched nor rowcount-read

    def __init__(self, view: LeaderboardView | None = None) -> None:
        self.view = view or LeaderboardView()
        self._handlers: dict[str, Handler] = {
            Wallet.Opened.TOPIC: self._wallet_opened,
            Wallet.Deposited.TOPIC: self._deposited,
            Position.Opened.TOPIC: self._position_opened,
            Position.Closed.TOPIC: self._position_closed,
            Position.Liquidated.TOPIC: self._position_liquidated,
            Position.PartiallyClosed.TOPIC: self._partially_closed,
            Progression.XPAwarded.TOPIC: self._xp_awarded,
            Clan.Founded.TOPIC: self._clan_founded,
            Clan.MemberJoined.TOPIC: self._member_joined,
            Clan.MemberLeft.TOPIC: self._member_left,
        }

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        handler = self._handlers.get(event.topic)
        if handler is None:
            raise ValueError(f"leaderboard does not handle {event.topic!r} (position {event.position})")
        handler(cursor, tables, event)

    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Opened, e.event)
        self.view.open_wallet(cur, t, pos=e.position, wallet_id=e.originator_id, user_id=ev.owner_id)

    def _deposited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Deposited, e.event)
        self.view.deposit(cur, t, pos=e.position, at=e.timestamp, wallet_id=e.originator_id, amount=ev.amount)

    def _position_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Opened, e.event)
        self.view.open_position(cur, t, position_id=e.originator_id, user_id=ev.owner_id)

    def _position_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Closed, e.event)
        self.view.close_position(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id,
                                 net_pnl=ev.net_pnl)

    def _position_liquidated(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Liquidated, e.event)
        self.view.close_position(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id,
                                 net_pnl=ev.net_pnl)
        self.view.book_close(cur, t, pos=e.position, at=e.timestamp, position_id=e.originator_id)

    def _partially_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.PartiallyClosed, e.event)
        self.view.partial_close(cur, t, pos=e.position, position_id=e.originator_id, net_pnl=ev.net_pnl)

    def _xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.XPAwarded, e.event)
        self.view.award_xp(cur, t, pos=e.position, at=e.timestamp, user_id=ev.user_id, xp=ev.xp)
        if ev.position_id is not None and ev.counts_for_leaderboard:
            self.view.book_close(cur, t, pos=e.position, at=e.timestamp, position_id=ev.position_id)
        elif ev.position_id is not None:
            self.view.judge_close(cur, t, pos=e.position, position_id=ev.position_id)

    def _clan_founded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.Founded, e.event)  # the founder joins (a MemberJoined follows in the same commit)
        self.view.join_clan(cur, t, pos=e.position, user_id=ev.founder_id, clan_id=e.originator_id)

    def _member_joined(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberJoined, e.event)
        self.view.join_clan(cur, t, pos=e.position, user_id=ev.user_id, clan_id=e.originator_id)

    def _member_left(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberLeft, e.event)
        self.view.leave_clan(cur, t, pos=e.position, user_id=ev.user_id, clan_id=e.originator_id)
