"""The notifications projection: the events a user should hear about become rows of their feed.

Kinds: ``order_filled``, ``order_cancelled`` and ``order_expired`` (``Order``),
``exit_triggered`` (a final ``Position.Closed`` by a stop loss, take profit or trailing stop),
``liquidation`` (``Position.Liquidated``), ``achievement`` and ``level_up`` (``Progression``),
``challenge_decided`` (to both users), ``nft_sold`` (to the seller), ``withdrawal_settled`` /
``withdrawal_failed`` (the on-chain settlement's outcome). Opens, placements, offers and
settlement requests are read only to remember whom their later events concern.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, cast
from uuid import UUID

from psycopg import Cursor, sql
from psycopg.types.json import Jsonb

from aggregates.gamification.progression import Progression
from aggregates.nft.nft import Nft
from aggregates.onchain.settlement import Settlement
from aggregates.social.challenge import Challenge
from aggregates.trading.order import Order
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.notifications.statements import SQL, TABLES
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles


class NotificationsProjection(Projection):
    """Each user's notifications, keyed by the log position of their cause."""

    name: ClassVar[str] = "notifications"
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one or two statements per event, never fetched nor rowcount-read

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Position.Opened)
    def _opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _remember(cur, t, aggregate_id=e.originator_id, user_id=cast(Position.Opened, e.event).owner_id)

    @handles(Position.Liquidated)
    def _liquidated(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Liquidated, e.event)
        data = {"position_id": str(e.originator_id), "exit_price": str(ev.exit_price), "net_pnl": str(ev.net_pnl)}
        _notify_parties(
            cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind="liquidation", data=data
        )

    @handles(Progression.AchievementUnlocked)
    def _achievement(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.AchievementUnlocked, e.event)
        _notify(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            user_id=ev.user_id,
            kind="achievement",
            data={"achievement": ev.achievement},
        )

    @handles(Progression.LevelReached)
    def _level(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.LevelReached, e.event)
        _notify(cur, t, pos=e.position, at=e.timestamp, user_id=ev.user_id, kind="level_up", data={"level": ev.level})

    @handles(Challenge.Offered)
    def _offered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Offered, e.event)
        for user_id in (ev.challenger_id, ev.opponent_id):
            _remember(cur, t, aggregate_id=e.originator_id, user_id=user_id)

    @handles(Challenge.Decided)
    def _decided(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Decided, e.event)
        data = {
            "challenge_id": str(e.originator_id),
            "winner_id": str(ev.winner_id) if ev.winner_id else None,
            "challenger_pnl": str(ev.challenger_pnl),
            "opponent_pnl": str(ev.opponent_pnl),
        }
        _notify_parties(
            cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind="challenge_decided", data=data
        )

    @handles(Nft.Purchased)
    def _sold(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Nft.Purchased, e.event)
        data = {
            "nft_id": str(e.originator_id),
            "buyer_id": str(ev.buyer_id),
            "price": str(ev.price),
            "fee": str(ev.fee),
        }
        _notify(cur, t, pos=e.position, at=e.timestamp, user_id=ev.seller_id, kind="nft_sold", data=data)

    @handles(Settlement.Requested)
    def _settlement_requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Settlement.Requested, e.event)
        _remember(cur, t, aggregate_id=e.originator_id, user_id=ev.user_id, ref=ev.withdrawal_id)

    @handles(Settlement.Accepted, Settlement.Rejected)
    def _settled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        kind = "withdrawal_settled" if e.topic == Settlement.Accepted.TOPIC else "withdrawal_failed"
        _notify_parties(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            aggregate_id=e.originator_id,
            kind=kind,
            data={},
            ref_name="withdrawal_id",
        )

    @handles(Order.Placed)
    def _placed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        _remember(cur, t, aggregate_id=e.originator_id, user_id=cast(Order.Placed, e.event).owner_id)

    @handles(Order.Filled)
    def _filled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Order.Filled, e.event)
        data = {
            "order_id": str(e.originator_id),
            "price": str(ev.price),
            "position_id": str(ev.position_id),
            "fee": str(ev.fee),
            "margin": str(ev.margin),
        }
        _notify_parties(
            cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind="order_filled", data=data
        )

    @handles(Order.Cancelled)
    def _cancelled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Order.Cancelled, e.event)
        kind = "order_expired" if ev.reason == "expired" else "order_cancelled"
        data = {"order_id": str(e.originator_id), "reason": ev.reason, "released": str(ev.released)}
        _notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind=kind, data=data)

    @handles(Position.Closed)
    def _closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Closed, e.event)
        if ev.ended_by == "closed":
            return  # the owner closed it: nothing to tell them
        data = {
            "position_id": str(e.originator_id),
            "exit": ev.ended_by,
            "exit_price": str(ev.exit_price),
            "net_pnl": str(ev.net_pnl),
        }
        _notify_parties(
            cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind="exit_triggered", data=data
        )


# The writes the handlers share: whom an aggregate concerns, a notification to one user, to every party.


def _remember(cur: Cursor[Any], t: Tables, *, aggregate_id: UUID, user_id: UUID, ref: UUID | None = None) -> None:
    cur.execute(SQL.render(t).remember, {"aggregate_id": aggregate_id, "user_id": user_id, "ref": ref})


def _notify(
    cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, user_id: UUID, kind: str, data: dict[str, Any]
) -> None:
    cur.execute(SQL.render(t).notify, {"pos": pos, "at": at, "user_id": user_id, "kind": kind, "data": Jsonb(data)})


def _notify_parties(
    cur: Cursor[Any],
    t: Tables,
    *,
    pos: int,
    at: datetime,
    aggregate_id: UUID,
    kind: str,
    data: dict[str, Any],
    ref_name: str | None = None,
) -> None:
    params = {
        "pos": pos,
        "at": at,
        "aggregate_id": aggregate_id,
        "kind": kind,
        "data": Jsonb(data),
        "ref_name": ref_name,
    }
    cur.execute(SQL.render(t).notify_parties, params)
