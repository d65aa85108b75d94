"""The friends view: the query API's read of one user's list (the projection runs the writes).

Reads run on the caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import tuple_row

from projections.friends import statements
from projections.runtime.base import Tables


@dataclass(frozen=True)
class Friend:
    user_id: UUID
    since: datetime


@dataclass(frozen=True)
class PendingRequest:
    request_id: UUID
    requester_id: UUID
    addressee_id: UUID
    sent_at: datetime


@dataclass(frozen=True)
class FriendList:
    """One user's friends and the requests pending between them and others, both ways."""

    friends: list[Friend]
    incoming: list[PendingRequest]
    outgoing: list[PendingRequest]


class FriendsView:
    """One user's friends and pending requests."""

    def friend_list(self, conn: Connection[Any], t: Tables, user_id: UUID) -> FriendList:
        """Runs in the caller's transaction, so the caller chooses the snapshot."""
        rendered = statements.SQL.render(t)
        with conn.cursor(row_factory=tuple_row) as cur:
            friends = [Friend(*row) for row in cur.execute(rendered.friends_of, {"me": user_id}).fetchall()]
            pending = [PendingRequest(*row) for row in cur.execute(rendered.pending_of, {"me": user_id}).fetchall()]
        return FriendList(
            friends,
            [p for p in pending if p.addressee_id == user_id],
            [p for p in pending if p.requester_id == user_id],
        )
