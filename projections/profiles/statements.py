"""The SQL of the profiles read model: DDL, one statement per event, the reads.

Every write is one statement that fetches nothing, idempotent for a repeated event:
a profile row changes only for an event after the last one that changed it
(``last_event_position``); achievements and clans are inserted once.
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

PROFILES, ACHIEVEMENTS, CLANS = "profiles", "profile_achievements", "clans"
TABLES = (PROFILES, ACHIEVEMENTS, CLANS)

DDL = (
    """CREATE TABLE IF NOT EXISTS {profiles} (
        user_id uuid PRIMARY KEY,
        username text,
        registered_at timestamptz,
        erased boolean NOT NULL DEFAULT false,
        xp bigint NOT NULL DEFAULT 0,
        level integer NOT NULL DEFAULT 1,
        streak integer NOT NULL DEFAULT 0,
        streak_day date,
        clan_id uuid,
        clan_joined_at timestamptz,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {profiles_clan_idx} ON {profiles} (clan_id) WHERE clan_id IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS {profile_achievements} (
        user_id uuid NOT NULL,
        achievement text NOT NULL,
        unlocked_at timestamptz NOT NULL,
        unlocked_position bigint NOT NULL,
        PRIMARY KEY (user_id, achievement))""",
    """CREATE TABLE IF NOT EXISTS {clans} (
        clan_id uuid PRIMARY KEY,
        name text NOT NULL,
        founder_id uuid,
        founded_at timestamptz NOT NULL,
        founded_position bigint NOT NULL)""",
)

_UPSERT = """INSERT INTO {{profiles}} AS p (user_id, {columns}, last_event_position)
VALUES (%(user_id)s, {values}, %(pos)s)
ON CONFLICT (user_id) DO UPDATE SET {changes}, last_event_position = EXCLUDED.last_event_position
WHERE p.last_event_position < EXCLUDED.last_event_position"""

REGISTER = _UPSERT.format(
    columns="username, registered_at",
    values="%(username)s, %(at)s",
    changes="username = CASE WHEN p.erased THEN p.username ELSE EXCLUDED.username END,"
    " registered_at = EXCLUDED.registered_at",
)
# Idempotent without a position guard: erasure is final whatever came before or after.
ERASE = """INSERT INTO {profiles} AS p (user_id, username, erased, last_event_position)
VALUES (%(user_id)s, %(erased_name)s, true, %(pos)s)
ON CONFLICT (user_id) DO UPDATE SET username = EXCLUDED.username, erased = true"""
AWARD_XP = _UPSERT.format(
    columns="xp, streak, streak_day",
    values="%(xp_total)s, %(streak)s, %(day)s",
    changes="xp = EXCLUDED.xp, streak = EXCLUDED.streak, streak_day = EXCLUDED.streak_day",
)
REACH_LEVEL = _UPSERT.format(columns="level", values="%(level)s", changes="level = GREATEST(p.level, EXCLUDED.level)")
JOIN_CLAN = _UPSERT.format(
    columns="clan_id, clan_joined_at",
    values="%(clan_id)s, %(at)s",
    changes="clan_joined_at = CASE WHEN p.clan_id = EXCLUDED.clan_id THEN p.clan_joined_at"
    " ELSE EXCLUDED.clan_joined_at END, clan_id = EXCLUDED.clan_id",
)
LEAVE_CLAN = """UPDATE {profiles} SET clan_id = NULL, clan_joined_at = NULL, last_event_position = %(pos)s
WHERE user_id = %(user_id)s AND clan_id = %(clan_id)s AND last_event_position < %(pos)s"""
UNLOCK = """INSERT INTO {profile_achievements} (user_id, achievement, unlocked_at, unlocked_position)
VALUES (%(user_id)s, %(achievement)s, %(at)s, %(pos)s) ON CONFLICT DO NOTHING"""
FOUND_CLAN = """INSERT INTO {clans} (clan_id, name, founder_id, founded_at, founded_position)
VALUES (%(clan_id)s, %(name)s, %(founder_id)s, %(at)s, %(pos)s) ON CONFLICT DO NOTHING"""

READ_PROFILE = """SELECT p.user_id, p.username, p.xp, p.level, p.streak, p.streak_day, p.clan_id, c.name,
    p.clan_joined_at, p.registered_at
FROM {profiles} p LEFT JOIN {clans} c ON c.clan_id = p.clan_id WHERE p.user_id = %s"""
READ_ACHIEVEMENTS = """SELECT achievement, unlocked_at FROM {profile_achievements}
WHERE user_id = %s ORDER BY unlocked_position"""
READ_CLAN = "SELECT clan_id, name, founder_id, founded_at FROM {clans} WHERE clan_id = %s"
READ_MEMBERS = """SELECT user_id, username, xp, level, streak, streak_day, clan_joined_at FROM {profiles}
WHERE clan_id = %s ORDER BY xp DESC, clan_joined_at, user_id"""
READ_USERNAMES = "SELECT user_id, username FROM {profiles} WHERE user_id = ANY(%s)"
# Usernames are ASCII (registration's pattern), so lower() is the claims' case folding; claims are
# never released, so at most one profile matches, and an erased one never does. A compliance lookup
# is rare: a scan of the profiles rather than an index every write maintains.
READ_USER_BY_NAME = "SELECT user_id FROM {profiles} WHERE NOT erased AND lower(username) = lower(%s)"


SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"profiles_clan_idx": (PROFILES, "_clan_idx")},
    statements={
        "register": REGISTER,
        "erase": ERASE,
        "award_xp": AWARD_XP,
        "reach_level": REACH_LEVEL,
        "join_clan": JOIN_CLAN,
        "leave_clan": LEAVE_CLAN,
        "unlock": UNLOCK,
        "found_clan": FOUND_CLAN,
        "read_profile": READ_PROFILE,
        "read_achievements": READ_ACHIEVEMENTS,
        "read_clan": READ_CLAN,
        "read_members": READ_MEMBERS,
        "read_usernames": READ_USERNAMES,
        "read_user_by_name": READ_USER_BY_NAME,
    },
)
