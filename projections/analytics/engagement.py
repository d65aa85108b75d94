"""The SQL of the engagement tables: XP earned per day, achievements unlocked per day, clan sizes.

Same shape as the trade tables (``statements``): each XP award and each unlock is
inserted once as a fact (``ON CONFLICT DO NOTHING ... RETURNING``), and only a fact
that was inserted adds to the daily rollups, so a repeated event changes nothing.
A clan's size is a running count guarded by ``last_event_position``: a clan's events
arrive in log order, so one at or below that position was already counted.

No personal data: users appear as their opaque ``user_id``; a clan's name is public
(any user reads it on ``GET /v1/clans/{id}``) and is not sealed in its events.
Days are the UTC date of the event's timestamp, as on the leaderboards.
"""

from __future__ import annotations

XP_AWARDS, XP_EARNERS_DAILY, XP_DAILY = "xp_awards", "xp_earners_daily", "xp_daily"
ACHIEVEMENT_UNLOCKS, ACHIEVEMENTS_DAILY = "achievement_unlocks", "achievements_daily"
CLAN_SIZES = "clan_sizes"
TABLES = (XP_AWARDS, XP_EARNERS_DAILY, XP_DAILY, ACHIEVEMENT_UNLOCKS, ACHIEVEMENTS_DAILY, CLAN_SIZES)
INDEXES = {"xp_awards_time_idx": (XP_AWARDS, "_occurred_at_idx")}

DDL = (
    """CREATE TABLE IF NOT EXISTS {xp_awards} (
        log_position bigint PRIMARY KEY,
        user_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('close', 'challenge')),
        xp integer NOT NULL,
        base_xp integer NOT NULL,
        return_bonus integer NOT NULL,
        streak_bonus integer NOT NULL,
        challenge_bonus integer NOT NULL,
        flag text,
        occurred_at timestamptz NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {xp_awards_time_idx} ON {xp_awards} (occurred_at)",
    """CREATE TABLE IF NOT EXISTS {xp_earners_daily} (
        day date NOT NULL,
        user_id uuid NOT NULL,
        xp_earned bigint NOT NULL,
        awards integer NOT NULL,
        PRIMARY KEY (day, user_id))""",
    """CREATE TABLE IF NOT EXISTS {xp_daily} (
        day date PRIMARY KEY,
        xp_earned bigint NOT NULL,
        awards integer NOT NULL,
        flagged_awards integer NOT NULL,
        users_earning integer NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {achievement_unlocks} (
        user_id uuid NOT NULL,
        achievement text NOT NULL,
        occurred_at timestamptz NOT NULL,
        log_position bigint NOT NULL,
        PRIMARY KEY (user_id, achievement))""",
    """CREATE TABLE IF NOT EXISTS {achievements_daily} (
        day date NOT NULL,
        achievement text NOT NULL,
        unlocked integer NOT NULL,
        PRIMARY KEY (day, achievement))""",
    """CREATE TABLE IF NOT EXISTS {clan_sizes} (
        clan_id uuid PRIMARY KEY,
        name text NOT NULL,
        founded_at timestamptz NOT NULL,
        members integer NOT NULL,
        updated_at timestamptz NOT NULL,
        last_event_position bigint NOT NULL)""",
)

# Every sub-statement of one statement reads the snapshot taken before it, so exactly
# one of ``first_xp`` and ``more_xp`` touches the user's row of the day: the INSERT on
# their first XP that day (which also counts them in ``users_earning``), else the
# UPDATE. A 0-XP award (a flagged close) earns nothing and makes no one an earner.
AWARD_XP = """WITH award AS (
    INSERT INTO {xp_awards} (log_position, user_id, source, xp, base_xp, return_bonus, streak_bonus,
        challenge_bonus, flag, occurred_at)
    VALUES (%(pos)s, %(user_id)s, %(source)s, %(xp)s, %(base)s, %(return_bonus)s, %(streak_bonus)s,
        %(challenge_bonus)s, %(flag)s, %(at)s)
    ON CONFLICT (log_position) DO NOTHING RETURNING user_id, xp, flag),
first_xp AS (
    INSERT INTO {xp_earners_daily} (day, user_id, xp_earned, awards)
    SELECT %(day)s, user_id, xp, 1 FROM award WHERE xp > 0
    ON CONFLICT (day, user_id) DO NOTHING RETURNING user_id),
more_xp AS (
    UPDATE {xp_earners_daily} e SET xp_earned = e.xp_earned + a.xp, awards = e.awards + 1
    FROM award a WHERE a.xp > 0 AND e.day = %(day)s AND e.user_id = a.user_id)
INSERT INTO {xp_daily} AS d (day, xp_earned, awards, flagged_awards, users_earning)
    SELECT %(day)s, xp, 1, (flag IS NOT NULL)::int, (SELECT count(*) FROM first_xp) FROM award
    ON CONFLICT (day) DO UPDATE SET xp_earned = d.xp_earned + EXCLUDED.xp_earned, awards = d.awards + 1,
        flagged_awards = d.flagged_awards + EXCLUDED.flagged_awards,
        users_earning = d.users_earning + EXCLUDED.users_earning"""

UNLOCK_ACHIEVEMENT = """WITH unlock AS (
    INSERT INTO {achievement_unlocks} (user_id, achievement, occurred_at, log_position)
    VALUES (%(user_id)s, %(achievement)s, %(at)s, %(pos)s)
    ON CONFLICT (user_id, achievement) DO NOTHING RETURNING achievement)
INSERT INTO {achievements_daily} AS a (day, achievement, unlocked)
    SELECT %(day)s, achievement, 1 FROM unlock
    ON CONFLICT (day, achievement) DO UPDATE SET unlocked = a.unlocked + 1"""

# The founder is counted by the MemberJoined that follows Founded in the same commit.
FOUND_CLAN = """INSERT INTO {clan_sizes} (clan_id, name, founded_at, members, updated_at, last_event_position)
    VALUES (%(clan_id)s, %(name)s, %(at)s, 0, %(at)s, %(pos)s) ON CONFLICT (clan_id) DO NOTHING"""

# A join (+1) or a leave (-1). The name comes from the existing row, so a move in a
# clan whose founding was never applied fails (NOT NULL name) and the runtime parks it,
# rather than counting members of a clan that is missing from the table.
MOVE_MEMBER = """INSERT INTO {clan_sizes} AS c (clan_id, name, founded_at, members, updated_at, last_event_position)
    SELECT %(clan_id)s, known.name, known.founded_at, %(delta)s, %(at)s, %(pos)s
    FROM (VALUES (1)) AS one LEFT JOIN {clan_sizes} known ON known.clan_id = %(clan_id)s
    ON CONFLICT (clan_id) DO UPDATE SET members = c.members + EXCLUDED.members,
        updated_at = EXCLUDED.updated_at, last_event_position = EXCLUDED.last_event_position
    WHERE c.last_event_position < EXCLUDED.last_event_position"""
