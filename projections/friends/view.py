"""The friends tables: DDL, one idempotent statement per event, and the read of one user's list.

One row per pair in each table (the aggregates are keyed by the pair too); a row changes only
for an event after the one that last changed it (``last_event_position``), so applying an event
twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql
from psycopg.rows import tuple_row

from projections.runtime.base import Tables

FRIENDSHIPS, REQUESTS = "friendships", "friend_requests"
TABLES = (FRIENDSHIPS, REQUESTS)

_DDL = (
    """CREATE TABLE IF NOT EXISTS {friendships} (
        pair_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        friend_id uuid NOT NULL,
        active boolean NOT NULL,
        since timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {friendships_user_idx} ON {friendships} (user_id) WHERE active",
    "CREATE INDEX IF NOT EXISTS {friendships_friend_idx} ON {friendships} (friend_id) WHERE active",
    """CREATE TABLE IF NOT EXISTS {friend_requests} (
        request_id uuid PRIMARY KEY,
        requester_id uuid NOT NULL,
        addressee_id uuid NOT NULL,
        status text NOT NULL,
        sent_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {requests_to_idx} ON {friend_requests} (addressee_id) WHERE status = 'pending'",
    "CREATE INDEX IF NOT EXISTS {requests_from_idx} ON {friend_requests} (requester_id) WHERE status = 'pending'",
)
# Added (creation) and Renewed both make the pair friends as of the event.
_BEFRIEND = """INSERT INTO {friendships} (pair_id, user_id, friend_id, active, since, last_event_position)
VALUES (%(pair_id)s, %(user_id)s, %(friend_id)s, true, %(at)s, %(pos)s)
ON CONFLICT (pair_id) DO UPDATE SET user_id = excluded.user_id, friend_id = excluded.friend_id, active = true,
    since = excluded.since, last_event_position = excluded.last_event_position
WHERE {friendships}.last_event_position < excluded.last_event_position"""
_UNFRIEND = """UPDATE {friendships} SET active = false, last_event_position = %(pos)s
WHERE pair_id = %(pair_id)s AND last_event_position < %(pos)s"""
_SEND = """INSERT INTO {friend_requests} (request_id, requester_id, addressee_id, status, sent_at, last_event_position)
VALUES (%(request_id)s, %(requester_id)s, %(addressee_id)s, 'pending', %(at)s, %(pos)s)
ON CONFLICT (request_id) DO UPDATE SET requester_id = excluded.requester_id, addressee_id = excluded.addressee_id,
    status = 'pending', sent_at = excluded.sent_at, last_event_position = excluded.last_event_position
WHERE {friend_requests}.last_event_position < excluded.last_event_position"""
_ANSWER = """UPDATE {friend_requests} SET status = %(status)s, last_event_position = %(pos)s
WHERE request_id = %(request_id)s AND last_event_position < %(pos)s"""
_FRIENDS_OF = """SELECT CASE WHEN user_id = %(me)s THEN friend_id ELSE user_id END, since FROM {friendships}
WHERE active AND (user_id = %(me)s OR friend_id = %(me)s) ORDER BY since, pair_id"""
_PENDING_OF = """SELECT request_id, requester_id, addressee_id, sent_at FROM {friend_requests}
WHERE status = 'pending' AND (requester_id = %(me)s OR addressee_id = %(me)s) ORDER BY sent_at, request_id"""


def _sql(template: str, tables: Tables) -> sql.Composed:
    f, r = tables.physical(FRIENDSHIPS), tables.physical(REQUESTS)
    return sql.SQL(template).format(
        friendships=tables[FRIENDSHIPS],
        friend_requests=tables[REQUESTS],
        friendships_user_idx=sql.Identifier(f + "_user_idx"),
        friendships_friend_idx=sql.Identifier(f + "_friend_idx"),
        requests_to_idx=sql.Identifier(r + "_to_idx"),
        requests_from_idx=sql.Identifier(r + "_from_idx"),
    )


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
    """Owns ``friendships`` and ``friend_requests``: the projection's writes, the query API's read."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in _DDL]

    def befriend(
        self, cur: Cursor[Any], t: Tables, *, pos: int, at: datetime, pair_id: UUID, user_id: UUID, friend_id: UUID
    ) -> None:
        cur.execute(
            _sql(_BEFRIEND, t), {"pos": pos, "at": at, "pair_id": pair_id, "user_id": user_id, "friend_id": friend_id}
        )

    def unfriend(self, cur: Cursor[Any], t: Tables, *, pos: int, pair_id: UUID) -> None:
        cur.execute(_sql(_UNFRIEND, t), {"pos": pos, "pair_id": pair_id})

    def send(
        self,
        cur: Cursor[Any],
        t: Tables,
        *,
        pos: int,
        at: datetime,
        request_id: UUID,
        requester_id: UUID,
        addressee_id: UUID,
    ) -> None:
        cur.execute(
            _sql(_SEND, t),
            {
                "pos": pos,
                "at": at,
                "request_id": request_id,
                "requester_id": requester_id,
                "addressee_id": addressee_id,
            },
        )

    def answer(self, cur: Cursor[Any], t: Tables, *, pos: int, request_id: UUID, status: str) -> None:
        cur.execute(_sql(_ANSWER, t), {"pos": pos, "request_id": request_id, "status": status})

    def friend_list(self, conn: Connection[Any], t: Tables, user_id: UUID) -> FriendList:
        """Runs in the caller's transaction, so the caller chooses the snapshot."""
        with conn.cursor(row_factory=tuple_row) as cur:
            friends = [Friend(*row) for row in cur.execute(_sql(_FRIENDS_OF, t), {"me": user_id}).fetchall()]
            pending = [PendingRequest(*row) for row in cur.execute(_sql(_PENDING_OF, t), {"me": user_id}).fetchall()]
        return FriendList(
            friends,
            [p for p in pending if p.addressee_id == user_id],
            [p for p in pending if p.requester_id == user_id],
        )
