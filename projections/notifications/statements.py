"""The SQL of the notifications read model: DDL, one idempotent statement per event, the reads of a feed.

``notification_parties`` remembers whom an aggregate concerns (a position's owner, a challenge's
two users, a settlement's withdrawer), so a later event that does not name its user (a
liquidation, a decision, a settlement's outcome) is addressed in SQL, one statement per event
(pipelined, no fetch). A notification's id is the log position of the event that caused it:
one user gets at most one notification per event, so ``(user_id, position)`` is unique, the
feed's order is the log's, and ``Last-Event-ID`` resumes exactly.
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

NOTIFICATIONS, PARTIES = "notifications", "notification_parties"
TABLES = (NOTIFICATIONS, PARTIES)

DDL = (
    """CREATE TABLE IF NOT EXISTS {notifications} (
        user_id uuid NOT NULL,
        position bigint NOT NULL,
        kind text NOT NULL,
        data jsonb NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (user_id, position))""",
    """CREATE TABLE IF NOT EXISTS {notification_parties} (
        aggregate_id uuid NOT NULL,
        user_id uuid NOT NULL,
        ref uuid,
        PRIMARY KEY (aggregate_id, user_id))""",
)
REMEMBER = """INSERT INTO {notification_parties} (aggregate_id, user_id, ref)
VALUES (%(aggregate_id)s, %(user_id)s, %(ref)s)
ON CONFLICT (aggregate_id, user_id) DO NOTHING"""
NOTIFY = """INSERT INTO {notifications} (user_id, position, kind, data, at)
VALUES (%(user_id)s, %(pos)s, %(kind)s, %(data)s, %(at)s) ON CONFLICT (user_id, position) DO NOTHING"""
# Every party of the aggregate; ``ref`` (a settlement's withdrawal) joins the data as ``ref_name``.
NOTIFY_PARTIES = """INSERT INTO {notifications} (user_id, position, kind, data, at)
SELECT user_id, %(pos)s, %(kind)s,
    %(data)s || CASE WHEN %(ref_name)s::text IS NULL THEN '{{}}'::jsonb
                     ELSE jsonb_build_object(%(ref_name)s::text, ref) END,
    %(at)s
FROM {notification_parties} WHERE aggregate_id = %(aggregate_id)s
ON CONFLICT (user_id, position) DO NOTHING"""
_COLUMNS = "SELECT position, kind, data, at FROM {notifications} WHERE user_id = %(me)s"
NEWEST = _COLUMNS + " AND position < %(before)s ORDER BY position DESC LIMIT %(limit)s"
AFTER = _COLUMNS + " AND position > %(after)s ORDER BY position LIMIT %(limit)s"

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    statements={
        "remember": REMEMBER,
        "notify": NOTIFY,
        "notify_parties": NOTIFY_PARTIES,
        "newest": NEWEST,
        "after": AFTER,
    },
)
