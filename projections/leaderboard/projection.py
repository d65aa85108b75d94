"""The leaderboard projection: each event becomes one or two statements of ``statements.SQL``.

A close counts on the P&L boards once the gamification policy has judged it fair
(``XPAwarded.counts_for_leaderboard``, docs/read-models.md "Leaderboards"): until
then it is only recorded. A liquidation is never judged and counts at once. Partial
closes add their net P&L to their position, which counts it with its final close or
liquidation (the position is judged as a whole).

Every write is one statement that fetches nothing (pipelined). Reads live beside it
(``projections.leaderboard.ranking``); the Redis mirror reads through
``projections.leaderboard.live.source``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.social.clan import Clan
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.log import LoggedEvent
from projections.leaderboard.boards import ALL_BUCKET, Window, bucket_of, buckets_of
from projections.leaderboard.statements import SQL, TABLES
from projections.runtime.base import PoisonPolicy, Projection, Tables
from projections.runtime.handlers import handles


class LeaderboardProjection(Projection):
    """Rankings by XP, net realized P&L and ROI, per UTC day, ISO week and all time, global and per clan."""

    name: ClassVar[str] = "leaderboard"
    version: ClassVar[int] = 2  # 2: partial closes count with their position's final close
    tables: ClassVar[tuple[str, ...]] = TABLES
    # Rankings are derived figures: a bad event is parked and reported, the boards keep moving.
    on_poison: ClassVar[PoisonPolicy] = "skip"
    pipelined: ClassVar[bool] = True  # one statement per call, never fetched nor rowcount-read

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Wallet.Opened)
    def _wallet_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Wallet.Opened, e.event)
        cur.execute(
            SQL.render(t).open_wallet, {"pos": e.position, "wallet_id": e.originator_id, "user_id": ev.owner_id}
        )

    @handles(Wallet.Deposited)
    def _deposited(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Add to the user's deposits and re-rate every ROI row of theirs."""
        ev = cast(Wallet.Deposited, e.event)
        cur.execute(
            SQL.render(t).deposit,
            {"pos": e.position, "at": e.timestamp, "wallet_id": e.originator_id, "amount": ev.amount},
        )

    @handles(Position.Opened)
    def _position_opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Opened, e.event)
        cur.execute(SQL.render(t).open_position, {"position_id": e.originator_id, "user_id": ev.owner_id})

    @handles(Position.Closed)
    def _position_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _close_position(cur, t, e, cast(Position.Closed, e.event).net_pnl)

    @handles(Position.Liquidated)
    def _position_liquidated(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _close_position(cur, t, e, cast(Position.Liquidated, e.event).net_pnl)
        _book_close(cur, t, e, e.originator_id)  # never judged: counts at once

    @handles(Position.PartiallyClosed)
    def _partially_closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Add a partial close's net P&L to its position: it counts when the position's final close is booked."""
        ev = cast(Position.PartiallyClosed, e.event)
        cur.execute(
            SQL.render(t).partial_close, {"pos": e.position, "position_id": e.originator_id, "net_pnl": ev.net_pnl}
        )

    @handles(Progression.XPAwarded)
    def _xp_awarded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        """Add XP in the award's day, week and all-time buckets (an award of 0 ranks no one); then the
        verdict on the close it rewards: booked if fair, else judged (counts on no board, no longer awaited)."""
        ev = cast(Progression.XPAwarded, e.event)
        periods, buckets = buckets_of(e.timestamp)
        cur.execute(
            SQL.render(t).award_xp,
            {
                "pos": e.position,
                "at": e.timestamp,
                "user_id": ev.user_id,
                "xp": ev.xp,
                "samples": int(ev.xp > 0),
                "periods": periods,
                "buckets": buckets,
            },
        )
        if ev.position_id is not None and ev.counts_for_leaderboard:
            _book_close(cur, t, e, ev.position_id)
        elif ev.position_id is not None:
            cur.execute(SQL.render(t).judge_close, {"pos": e.position, "position_id": ev.position_id})

    @handles(Clan.Founded)
    def _clan_founded(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.Founded, e.event)  # the founder joins (a MemberJoined follows in the same commit)
        cur.execute(SQL.render(t).join_clan, {"pos": e.position, "user_id": ev.founder_id, "clan_id": e.originator_id})

    @handles(Clan.MemberJoined)
    def _member_joined(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberJoined, e.event)
        cur.execute(SQL.render(t).join_clan, {"pos": e.position, "user_id": ev.user_id, "clan_id": e.originator_id})

    @handles(Clan.MemberLeft)
    def _member_left(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Clan.MemberLeft, e.event)
        cur.execute(SQL.render(t).leave_clan, {"pos": e.position, "user_id": ev.user_id, "clan_id": e.originator_id})


def _close_position(cur: Cursor[Any], t: Tables, e: LoggedEvent, net_pnl: Decimal) -> None:
    """Record the close (its P&L and buckets); it counts once booked."""
    cur.execute(
        SQL.render(t).close_position,
        {
            "pos": e.position,
            "at": e.timestamp,
            "position_id": e.originator_id,
            "net_pnl": net_pnl,
            "day": bucket_of(Window.DAY, e.timestamp),
            "week": bucket_of(Window.WEEK, e.timestamp),
        },
    )


def _book_close(cur: Cursor[Any], t: Tables, e: LoggedEvent, position_id: UUID) -> None:
    """Count a recorded close's net P&L in the buckets of the close, and re-rate its owner's ROI there."""
    cur.execute(
        SQL.render(t).book_close, {"pos": e.position, "at": e.timestamp, "position_id": position_id, "all": ALL_BUCKET}
    )
