"""The friends projection: each friendship and friend-request event becomes one call on the FriendsView.

``Friendship.Added`` events recorded before v1.1 (when ``POST /v1/friends`` befriended at once)
mean what they always meant, so they yield friends here with no upcast.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.social.friend_request import FriendRequest, RequestStatus
from aggregates.social.friendship import Friendship
from event_store.log import LoggedEvent
from projections.friends.view import TABLES, FriendsView
from projections.runtime.base import Projection, Tables

_BEFRIENDED = (Friendship.Added.TOPIC, Friendship.Renewed.TOPIC)
_SENT = (FriendRequest.Sent.TOPIC, FriendRequest.Resent.TOPIC)
_ANSWERS = {FriendRequest.Accepted.TOPIC: RequestStatus.ACCEPTED, FriendRequest.Declined.TOPIC: RequestStatus.DECLINED}


class FriendsProjection(Projection):
    """Who is friends with whom, and which friend requests are pending."""

    name: ClassVar[str] = "friends"
    topics: ClassVar[tuple[str, ...]] = (*_BEFRIENDED, Friendship.Ended.TOPIC, *_SENT, *_ANSWERS)
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read

    def __init__(self, view: FriendsView | None = None) -> None:
        self.view = view or FriendsView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        oid, pos, topic = event.originator_id, event.position, event.topic
        if topic in _BEFRIENDED:
            pair = cast(Friendship.Added, event.event)
            self.view.befriend(cursor, tables, pos=pos, at=event.timestamp, pair_id=oid, user_id=pair.user_id,
                               friend_id=pair.friend_id)
        elif topic == Friendship.Ended.TOPIC:
            self.view.unfriend(cursor, tables, pos=pos, pair_id=oid)
        elif topic in _SENT:
            sent = cast(FriendRequest.Sent, event.event)
            self.view.send(cursor, tables, pos=pos, at=event.timestamp, request_id=oid,
                           requester_id=sent.requester_id, addressee_id=sent.addressee_id)
        elif topic in _ANSWERS:
            self.view.answer(cursor, tables, pos=pos, request_id=oid, status=_ANSWERS[topic].value)
        else:
            raise ValueError(f"friends does not handle {topic!r} (position {pos})")
