"""The SQL of the leaderboard read model: DDL and one statement per event.

Every write is a single statement that fetches nothing (the runtime may pipeline
them) and is idempotent when the same event is applied again: each row carries the
log position of the event that last changed it (``changed_position``) and is only
changed by a later one; a position closes once (``closed_position IS NULL``) and is
booked once (``counted``).
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

SCORES, POSITIONS, ACCOUNTS, MEMBERS = (
    "leaderboard_scores",
    "leaderboard_positions",
    "leaderboard_accounts",
    "leaderboard_members",
)
TABLES = (SCORES, POSITIONS, ACCOUNTS, MEMBERS)
# Index name → its table: names start with the table's physical name, so a rebuild's swap renames them.
INDEXES = {
    index: (table, "_" + index.split("_", 1)[1])
    for index, table in (
        ("scores_rank_idx", SCORES),
        ("scores_user_idx", SCORES),
        ("scores_changed_idx", SCORES),
        ("positions_pending_idx", POSITIONS),
        ("positions_judged_idx", POSITIONS),
        ("accounts_wallet_idx", ACCOUNTS),
        ("members_clan_idx", MEMBERS),
        ("members_changed_idx", MEMBERS),
    )
}

DDL = (
    """CREATE TABLE IF NOT EXISTS {leaderboard_scores} (
        metric text NOT NULL CHECK (metric IN ('xp', 'realized_pnl', 'roi')),
        period text NOT NULL CHECK (period IN ('day', 'week', 'all')),
        bucket date NOT NULL,
        user_id uuid NOT NULL,
        value numeric NOT NULL,
        samples integer NOT NULL,
        reached_position bigint NOT NULL,
        reached_at timestamptz NOT NULL,
        changed_position bigint NOT NULL,
        PRIMARY KEY (metric, period, bucket, user_id))""",
    # The ranking order itself: top-N and keyset pages are range scans, a rank an index-only count
    # (INCLUDE value: PostgreSQL answers from an expression index alone only if the column is in it too).
    """CREATE INDEX IF NOT EXISTS {scores_rank_idx} ON {leaderboard_scores}
        (metric, period, bucket, (-value), reached_position, user_id) INCLUDE (value) WHERE samples > 0""",
    "CREATE INDEX IF NOT EXISTS {scores_user_idx} ON {leaderboard_scores} (user_id, metric)",
    "CREATE INDEX IF NOT EXISTS {scores_changed_idx} ON {leaderboard_scores} (changed_position)",
    """CREATE TABLE IF NOT EXISTS {leaderboard_positions} (
        position_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        net_pnl numeric,
        partial_pnl numeric NOT NULL DEFAULT 0.00,
        partial_position bigint NOT NULL DEFAULT 0,
        closed_at timestamptz,
        day date,
        week date,
        counted boolean NOT NULL DEFAULT false,
        closed_position bigint,
        judged_position bigint)""",
    # Closes still waiting for their verdict, and verdicts by position: what read-your-writes waits on.
    """CREATE INDEX IF NOT EXISTS {positions_pending_idx} ON {leaderboard_positions} (closed_position)
        WHERE judged_position IS NULL AND closed_position IS NOT NULL""",
    "CREATE INDEX IF NOT EXISTS {positions_judged_idx} ON {leaderboard_positions} (judged_position)",
    """CREATE TABLE IF NOT EXISTS {leaderboard_accounts} (
        user_id uuid PRIMARY KEY,
        wallet_id uuid NOT NULL,
        deposits numeric NOT NULL DEFAULT 0.00,
        last_event_position bigint NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS {accounts_wallet_idx} ON {leaderboard_accounts} (wallet_id)",
    """CREATE TABLE IF NOT EXISTS {leaderboard_members} (
        user_id uuid PRIMARY KEY,
        clan_id uuid,
        changed_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {members_clan_idx} ON {leaderboard_members} (clan_id) WHERE clan_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {members_changed_idx} ON {leaderboard_members} (changed_position)",
)

# ROI in percent with 2 decimals, rounded half to even like every booking (api.md).
_RATIO = "p.value * 10000 / NULLIF(a.deposits, 0)"
_ROI = (
    f"COALESCE(round(CASE WHEN {_RATIO} - floor({_RATIO}) = 0.5 THEN 2 * round({_RATIO} / 2)"
    f" ELSE round({_RATIO}) END / 100, 2), 0.00)"
)
_ROI_SAMPLES = "CASE WHEN a.deposits > 0 THEN p.samples ELSE 0 END"  # no deposits: not ranked by ROI
# Who reached a value first ranks higher: the reached position moves only when the value
# changes or the row becomes ranked.
_REACHED = (
    "reached_position = CASE WHEN s.value <> {v} OR (s.samples = 0) <> ({n} = 0)"
    " THEN %(pos)s ELSE s.reached_position END,"
    " reached_at = CASE WHEN s.value <> {v} OR (s.samples = 0) <> ({n} = 0) THEN %(at)s ELSE s.reached_at END"
)
_COLUMNS = "(metric, period, bucket, user_id, value, samples, reached_position, reached_at, changed_position)"
_CONFLICT = "ON CONFLICT (metric, period, bucket, user_id) DO UPDATE SET"
_GUARD = "WHERE s.changed_position < EXCLUDED.changed_position"
# ROI rows follow the realized P&L rows a CTE named ``pnl`` returned.
_ROI_FROM_PNL = (
    "INSERT INTO {leaderboard_scores} AS s " + _COLUMNS + "\n"
    f"SELECT 'roi', p.period, p.bucket, p.user_id, {_ROI}, {_ROI_SAMPLES}, %(pos)s, %(at)s, %(pos)s\n"
    "FROM pnl p LEFT JOIN {leaderboard_accounts} a ON a.user_id = p.user_id\n"
    f"{_CONFLICT} value = EXCLUDED.value, samples = EXCLUDED.samples,\n"
    f"    {_REACHED.format(v='EXCLUDED.value', n='EXCLUDED.samples')}, changed_position = EXCLUDED.changed_position\n"
    + _GUARD
)
_BUCKETS = "unnest(%(periods)s::text[], %(buckets)s::date[]) AS b(period, bucket)"

OPEN_WALLET = """INSERT INTO {leaderboard_accounts} (user_id, wallet_id, last_event_position)
VALUES (%(user_id)s, %(wallet_id)s, %(pos)s) ON CONFLICT DO NOTHING"""

DEPOSIT = f"""WITH a AS (
    UPDATE {{leaderboard_accounts}} SET deposits = deposits + %(amount)s, last_event_position = %(pos)s
    WHERE wallet_id = %(wallet_id)s AND last_event_position < %(pos)s RETURNING user_id, deposits),
n AS (SELECT p.period, p.bucket, p.user_id, {_ROI} AS value, {_ROI_SAMPLES} AS samples
    FROM a JOIN {{leaderboard_scores}} p ON p.metric = 'realized_pnl' AND p.user_id = a.user_id)
UPDATE {{leaderboard_scores}} s SET value = n.value, samples = n.samples,
    {_REACHED.format(v="n.value", n="n.samples")}, changed_position = %(pos)s
FROM n WHERE s.metric = 'roi' AND s.user_id = n.user_id AND s.period = n.period AND s.bucket = n.bucket
    AND (s.value, s.samples) IS DISTINCT FROM (n.value, n.samples) AND s.changed_position < %(pos)s"""  # noqa: S608 (names are composed by psycopg.sql)

OPEN_POSITION = """INSERT INTO {leaderboard_positions} (position_id, user_id)
VALUES (%(position_id)s, %(user_id)s) ON CONFLICT DO NOTHING"""

CLOSE_POSITION = """UPDATE {leaderboard_positions}
SET net_pnl = %(net_pnl)s, closed_at = %(at)s, day = %(day)s, week = %(week)s, closed_position = %(pos)s
WHERE position_id = %(position_id)s AND closed_position IS NULL"""

# A partial close's net P&L waits on the position: it counts with the final close, once the position as a whole is
# judged fair (a part closed at once is no less an instant close), in the buckets of the final close.
PARTIAL_CLOSE = """UPDATE {leaderboard_positions}
SET partial_pnl = partial_pnl + %(net_pnl)s, partial_position = %(pos)s
WHERE position_id = %(position_id)s AND closed_position IS NULL AND partial_position < %(pos)s"""

# A close enters the P&L boards once judged fair (``XPAwarded.counts_for_leaderboard``; a liquidation
# is never judged and always counts), in the buckets of the close itself.
BOOK_CLOSE = f"""WITH booked AS (
    UPDATE {{leaderboard_positions}} SET counted = true, judged_position = COALESCE(judged_position, %(pos)s)
    WHERE position_id = %(position_id)s AND NOT counted AND closed_position IS NOT NULL
    RETURNING user_id, net_pnl + partial_pnl AS net_pnl, day, week),
pnl AS (
    INSERT INTO {{leaderboard_scores}} AS s {_COLUMNS}
    SELECT 'realized_pnl', b.period, b.bucket, k.user_id, k.net_pnl, 1, %(pos)s, %(at)s, %(pos)s
    FROM booked k CROSS JOIN LATERAL unnest(ARRAY['day', 'week', 'all'], ARRAY[k.day, k.week, %(all)s::date])
        AS b(period, bucket)
    {_CONFLICT} value = s.value + EXCLUDED.value, samples = s.samples + 1,
        {_REACHED.format(v="s.value + EXCLUDED.value", n="s.samples + 1")},
        changed_position = EXCLUDED.changed_position
    {_GUARD} RETURNING s.period, s.bucket, s.user_id, s.value, s.samples)
{_ROI_FROM_PNL}"""  # noqa: S608 (names are composed by psycopg.sql)

# An unfair verdict: the close is judged, and counts nowhere.
JUDGE_CLOSE = """UPDATE {leaderboard_positions} SET judged_position = %(pos)s
WHERE position_id = %(position_id)s AND judged_position IS NULL AND closed_position IS NOT NULL"""

AWARD_XP = f"""INSERT INTO {{leaderboard_scores}} AS s {_COLUMNS}
SELECT 'xp', b.period, b.bucket, %(user_id)s, %(xp)s, %(samples)s, %(pos)s, %(at)s, %(pos)s FROM {_BUCKETS}
{_CONFLICT} value = s.value + EXCLUDED.value, samples = s.samples + EXCLUDED.samples,
    {_REACHED.format(v="s.value + EXCLUDED.value", n="s.samples + EXCLUDED.samples")},
    changed_position = EXCLUDED.changed_position
{_GUARD}"""  # noqa: S608 (names are composed by psycopg.sql)

JOIN_CLAN = """INSERT INTO {leaderboard_members} AS m (user_id, clan_id, changed_position)
VALUES (%(user_id)s, %(clan_id)s, %(pos)s)
ON CONFLICT (user_id) DO UPDATE SET clan_id = EXCLUDED.clan_id, changed_position = EXCLUDED.changed_position
WHERE m.changed_position < EXCLUDED.changed_position"""
LEAVE_CLAN = """UPDATE {leaderboard_members} SET clan_id = NULL, changed_position = %(pos)s
WHERE user_id = %(user_id)s AND clan_id = %(clan_id)s AND changed_position < %(pos)s"""


SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes=INDEXES,
    statements={
        "open_wallet": OPEN_WALLET,
        "deposit": DEPOSIT,
        "open_position": OPEN_POSITION,
        "close_position": CLOSE_POSITION,
        "partial_close": PARTIAL_CLOSE,
        "book_close": BOOK_CLOSE,
        "judge_close": JUDGE_CLOSE,
        "award_xp": AWARD_XP,
        "join_clan": JOIN_CLAN,
        "leave_clan": LEAVE_CLAN,
    },
)
