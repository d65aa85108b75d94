"""The friends projection: each friendship and friend-request event becomes one statement of ``statements.SQL``.

``Friendship.Added`` events recorded before v1.1 (when ``POST /v1/friends`` befriended at once)
mean what they always meant, so they yield friends here with no upcast.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.social.friend_request import FriendRequest, RequestStatus
from aggregates.social.friendship import Friendship
from event_store.log import LoggedEvent
from projections.friends.statements import SQL, TABLES
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles

_ANSWERS = {FriendRequest.Accepted.TOPIC: RequestStatus.ACCEPTED, FriendRequest.Declined.TOPIC: RequestStatus.DECLINED}


class FriendsProjection(Projection):
    """Who is friends with whom, and which friend requests are pending."""

    name: ClassVar[str] = "friends"
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Friendship.Added, Friendship.Renewed)
    def _befriended(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        pair = cast(Friendship.Added, e.event)
        params = {
            "pos": e.position,
            "at": e.timestamp,
            "pair_id": e.originator_id,
            "user_id": pair.user_id,
            "friend_id": pair.friend_id,
        }
        cur.execute(SQL.render(t).befriend, params)

    @handles(Friendship.Ended)
    def _ended(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).unfriend, {"pos": e.position, "pair_id": e.originator_id})

    @handles(FriendRequest.Sent, FriendRequest.Resent)
    def _sent(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        sent = cast(FriendRequest.Sent, e.event)
        params = {
            "pos": e.position,
            "at": e.timestamp,
            "request_id": e.originator_id,
            "requester_id": sent.requester_id,
            "addressee_id": sent.addressee_id,
        }
        cur.execute(SQL.render(t).send, params)

    @handles(FriendRequest.Accepted, FriendRequest.Declined)
    def _answered(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        params = {"pos": e.position, "request_id": e.originator_id, "status": _ANSWERS[e.topic].value}
        cur.execute(SQL.render(t).answer, params)
