"""The notifications projection: the events a user should hear about become rows of their feed.

Kinds: ``order_filled``, ``order_cancelled`` and ``order_expired`` (``Order``),
``exit_triggered`` (a final ``Position.Closed`` by a stop loss, take profit or trailing stop),
``liquidation`` (``Position.Liquidated``), ``achievement`` and ``level_up`` (``Progression``),
``challenge_decided`` (to both users), ``nft_sold`` (to the seller), ``withdrawal_settled`` /
``withdrawal_failed`` (the on-chain settlement's outcome). Opens, placements, offers and
settlement requests are read only to remember whom their later events concern.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.gamification.progression import Progression
from aggregates.nft.nft import Nft
from aggregates.onchain.settlement import Settlement
from aggregates.social.challenge import Challenge
from aggregates.trading.order import Order
from aggregates.trading.position import Position
from event_store.log import LoggedEvent
from projections.notifications.view import TABLES, NotificationsView
from projections.runtime.base import Projection, Tables

Handler = Callable[[Cursor[Any], Tables, LoggedEvent], None]


class NotificationsProjection(Projection):
    """Each user's notifications, keyed by the log position of their cause."""

    name: ClassVar[str] = "notifications"
    topics: ClassVar[tuple[str, ...]] = (
        Position.Opened.TOPIC, Position.Liquidated.TOPIC, Progression.AchievementUnlocked.TOPIC,
        Progression.LevelReached.TOPIC, Challenge.Offered.TOPIC, Challenge.Decided.TOPIC, Nft.Purchased.TOPIC,
        Settlement.Requested.TOPIC, Settlement.Accepted.TOPIC, Settlement.Rejected.TOPIC,
        Order.Placed.TOPIC, Order.Filled.TOPIC, Order.Cancelled.TOPIC, Position.Closed.TOPIC)
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one or two statements per event, never fetched nor rowcount-read

    def __init__(self, view: NotificationsView | None = None) -> None:
        self.view = view or NotificationsView()
        self._handlers: dict[str, Handler] = {
            Position.Opened.TOPIC: self._opened, Position.Liquidated.TOPIC: self._liquidated,
            Progression.AchievementUnlocked.TOPIC: self._achievement, Progression.LevelReached.TOPIC: self._level,
            Challenge.Offered.TOPIC: self._offered, Challenge.Decided.TOPIC: self._decided,
            Nft.Purchased.TOPIC: self._sold, Settlement.Requested.TOPIC: self._settlement_requested,
            Settlement.Accepted.TOPIC: self._settled, Settlement.Rejected.TOPIC: self._settled,
            Order.Placed.TOPIC: self._placed, Order.Filled.TOPIC: self._filled,
            Order.Cancelled.TOPIC: self._cancelled, Position.Closed.TOPIC: self._closed,
        }

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        handler = self._handlers.get(event.topic)
        if handler is None:
            raise ValueError(f"notifications does not handle {event.topic!r} (position {event.position})")
        handler(cursor, tables, event)

    def _opened(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.remember(cur, t, aggregate_id=e.originator_id, user_id=cast(Position.Opened, e.event).owner_id)

    def _liquidated(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Liquidated, e.event)
        data = {"position_id": str(e.originator_id), "exit_price": str(ev.exit_price), "net_pnl": str(ev.net_pnl)}
        self.view.notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id,
                                 kind="liquidation", data=data)

    def _achievement(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.AchievementUnlocked, e.event)
        self.view.notify(cur, t, pos=e.position, at=e.timestamp, user_id=ev.user_id, kind="achievement",
                         data={"achievement": ev.achievement})

    def _level(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Progression.LevelReached, e.event)
        self.view.notify(cur, t, pos=e.position, at=e.timestamp, user_id=ev.user_id, kind="level_up",
                         data={"level": ev.level})

    def _offered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Offered, e.event)
        for user_id in (ev.challenger_id, ev.opponent_id):
            self.view.remember(cur, t, aggregate_id=e.originator_id, user_id=user_id)

    def _decided(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Challenge.Decided, e.event)
        data = {"challenge_id": str(e.originator_id), "winner_id": str(ev.winner_id) if ev.winner_id else None,
                "challenger_pnl": str(ev.challenger_pnl), "opponent_pnl": str(ev.opponent_pnl)}
        self.view.notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id,
                                 kind="challenge_decided", data=data)

    def _sold(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Nft.Purchased, e.event)
        data = {"nft_id": str(e.originator_id), "buyer_id": str(ev.buyer_id), "price": str(ev.price),
                "fee": str(ev.fee)}
        self.view.notify(cur, t, pos=e.position, at=e.timestamp, user_id=ev.seller_id, kind="nft_sold", data=data)

    def _settlement_requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Settlement.Requested, e.event)
        self.view.remember(cur, t, aggregate_id=e.originator_id, user_id=ev.user_id, ref=ev.withdrawal_id)

    def _settled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        kind = "withdrawal_settled" if e.topic == Settlement.Accepted.TOPIC else "withdrawal_failed"
        self.view.notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind=kind,
                                 data={}, ref_name="withdrawal_id")

    def _placed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.remember(cur, t, aggregate_id=e.originator_id, user_id=cast(Order.Placed, e.event).owner_id)

    def _filled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Order.Filled, e.event)
        data = {"order_id": str(e.originator_id), "price": str(ev.price), "position_id": str(ev.position_id),
                "fee": str(ev.fee), "margin": str(ev.margin)}
        self.view.notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id,
                                 kind="order_filled", data=data)

    def _cancelled(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Order.Cancelled, e.event)
        kind = "order_expired" if ev.reason == "expired" else "order_cancelled"
        data = {"order_id": str(e.originator_id), "reason": ev.reason, "released": str(ev.released)}
        self.view.notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id, kind=kind,
                                 data=data)

    def _closed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Position.Closed, e.event)
        if ev.ended_by == "closed":
            return  # the owner closed it: nothing to tell them
        data = {"position_id": str(e.originator_id), "exit": ev.ended_by, "exit_price": str(ev.exit_price),
                "net_pnl": str(ev.net_pnl)}
        self.view.notify_parties(cur, t, pos=e.position, at=e.timestamp, aggregate_id=e.originator_id,
                                 kind="exit_triggered", data=data)
