"""The SQL of the friends read model: DDL, one idempotent statement per event, and the read of one user's list.

One row per pair in each table (the aggregates are keyed by the pair too); a row changes only
for an event after the one that last changed it (``last_event_position``), so applying an event
twice changes nothing.
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

FRIENDSHIPS, REQUESTS = "friendships", "friend_requests"
TABLES = (FRIENDSHIPS, REQUESTS)

DDL = (
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
BEFRIEND = """INSERT INTO {friendships} (pair_id, user_id, friend_id, active, since, last_event_position)
VALUES (%(pair_id)s, %(user_id)s, %(friend_id)s, true, %(at)s, %(pos)s)
ON CONFLICT (pair_id) DO UPDATE SET user_id = excluded.user_id, friend_id = excluded.friend_id, active = true,
    since = excluded.since, last_event_position = excluded.last_event_position
WHERE {friendships}.last_event_position < excluded.last_event_position"""
UNFRIEND = """UPDATE {friendships} SET active = false, last_event_position = %(pos)s
WHERE pair_id = %(pair_id)s AND last_event_position < %(pos)s"""
SEND = """INSERT INTO {friend_requests} (request_id, requester_id, addressee_id, status, sent_at, last_event_position)
VALUES (%(request_id)s, %(requester_id)s, %(addressee_id)s, 'pending', %(at)s, %(pos)s)
ON CONFLICT (request_id) DO UPDATE SET requester_id = excluded.requester_id, addressee_id = excluded.addressee_id,
    status = 'pending', sent_at = excluded.sent_at, last_event_position = excluded.last_event_position
WHERE {friend_requests}.last_event_position < excluded.last_event_position"""
ANSWER = """UPDATE {friend_requests} SET status = %(status)s, last_event_position = %(pos)s
WHERE request_id = %(request_id)s AND last_event_position < %(pos)s"""
FRIENDS_OF = """SELECT CASE WHEN user_id = %(me)s THEN friend_id ELSE user_id END, since FROM {friendships}
WHERE active AND (user_id = %(me)s OR friend_id = %(me)s) ORDER BY since, pair_id"""
PENDING_OF = """SELECT request_id, requester_id, addressee_id, sent_at FROM {friend_requests}
WHERE status = 'pending' AND (requester_id = %(me)s OR addressee_id = %(me)s) ORDER BY sent_at, request_id"""

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={
        "friendships_user_idx": (FRIENDSHIPS, "_user_idx"),
        "friendships_friend_idx": (FRIENDSHIPS, "_friend_idx"),
        "requests_to_idx": (REQUESTS, "_to_idx"),
        "requests_from_idx": (REQUESTS, "_from_idx"),
    },
    statements={
        "befriend": BEFRIEND,
        "unfriend": UNFRIEND,
        "send": SEND,
        "answer": ANSWER,
        "friends_of": FRIENDS_OF,
        "pending_of": PENDING_OF,
    },
)
