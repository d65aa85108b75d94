"""The SQL of the challenges read model: DDL, one idempotent statement per write, the read.

A challenge row changes only for an event after the last one that changed it
(``last_event_position``), and a counted close is inserted once, so applying the
same event twice changes nothing.
"""

from __future__ import annotations

from projections.runtime.statements import StatementSet

CHALLENGES, CLOSES = "challenges", "challenge_closes"
TABLES = (CHALLENGES, CLOSES)

DDL = (
    """CREATE TABLE IF NOT EXISTS {challenges} (
        challenge_id uuid PRIMARY KEY,
        challenger_id uuid NOT NULL,
        opponent_id uuid NOT NULL,
        hours integer NOT NULL,
        status text NOT NULL,
        offered_at timestamptz NOT NULL,
        starts_at timestamptz,
        ends_at timestamptz,
        ended_at timestamptz,
        decided_at timestamptz,
        challenger_pnl numeric NOT NULL DEFAULT 0.00,
        opponent_pnl numeric NOT NULL DEFAULT 0.00,
        challenger_closes integer NOT NULL DEFAULT 0,
        opponent_closes integer NOT NULL DEFAULT 0,
        winner_id uuid,
        offered_position bigint NOT NULL,
        last_event_position bigint NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {challenge_closes} (
        challenge_id uuid NOT NULL,
        position_id uuid NOT NULL,
        user_id uuid NOT NULL,
        net_pnl numeric NOT NULL,
        closed_at timestamptz NOT NULL,
        recorded_position bigint NOT NULL,
        PRIMARY KEY (challenge_id, position_id))""",
    "CREATE INDEX IF NOT EXISTS {challenger_idx} ON {challenges} (challenger_id, offered_position)",
    "CREATE INDEX IF NOT EXISTS {opponent_idx} ON {challenges} (opponent_id, offered_position)",
)

OFFER = """INSERT INTO {challenges} (challenge_id, challenger_id, opponent_id, hours, status, offered_at,
    offered_position, last_event_position)
VALUES (%(challenge_id)s, %(challenger_id)s, %(opponent_id)s, %(hours)s, %(status)s, %(at)s, %(pos)s, %(pos)s)
ON CONFLICT (challenge_id) DO NOTHING"""
ACCEPT = """UPDATE {challenges} SET status = %(status)s, starts_at = %(starts_at)s, ends_at = %(ends_at)s,
    last_event_position = %(pos)s
WHERE challenge_id = %(challenge_id)s AND last_event_position < %(pos)s"""
COUNT_CLOSE = """INSERT INTO {challenge_closes}
    (challenge_id, position_id, user_id, net_pnl, closed_at, recorded_position)
VALUES (%(challenge_id)s, %(position_id)s, %(user_id)s, %(net_pnl)s, %(at)s, %(pos)s)
ON CONFLICT (challenge_id, position_id) DO NOTHING"""
ADD_PNL = """UPDATE {challenges} SET
    challenger_pnl = challenger_pnl + CASE WHEN challenger_id = %(user_id)s THEN %(net_pnl)s ELSE 0 END,
    challenger_closes = challenger_closes + CASE WHEN challenger_id = %(user_id)s THEN 1 ELSE 0 END,
    opponent_pnl = opponent_pnl + CASE WHEN opponent_id = %(user_id)s THEN %(net_pnl)s ELSE 0 END,
    opponent_closes = opponent_closes + CASE WHEN opponent_id = %(user_id)s THEN 1 ELSE 0 END,
    last_event_position = %(pos)s
WHERE challenge_id = %(challenge_id)s AND last_event_position < %(pos)s"""
END = """UPDATE {challenges} SET status = %(status)s, ended_at = %(at)s, last_event_position = %(pos)s
WHERE challenge_id = %(challenge_id)s AND last_event_position < %(pos)s"""
# The decision's own figures are written over the running sums: they are the ones the winner was named on.
DECIDE = """UPDATE {challenges} SET status = %(status)s, decided_at = %(at)s, winner_id = %(winner_id)s,
    challenger_pnl = %(challenger_pnl)s, opponent_pnl = %(opponent_pnl)s, last_event_position = %(pos)s
WHERE challenge_id = %(challenge_id)s AND last_event_position < %(pos)s"""
# Declined or expired: an offer closed without a window.
CLOSE_OFFER = """UPDATE {challenges} SET status = %(status)s, last_event_position = %(pos)s
WHERE challenge_id = %(challenge_id)s AND last_event_position < %(pos)s"""
EXISTS = "SELECT 1 FROM {challenges} WHERE challenge_id = %(challenge_id)s"
READ = """SELECT challenge_id, challenger_id, opponent_id, hours, status, offered_at, starts_at, ends_at, decided_at,
    challenger_pnl, opponent_pnl, challenger_closes, opponent_closes, winner_id
FROM {challenges} WHERE challenge_id = %s"""
_COLUMNS = READ.split("FROM", 1)[0]
# The caller's challenges, newest offer first; ``status`` NULL means any.
MINE = (
    _COLUMNS
    + """FROM {challenges} WHERE (challenger_id = %(me)s OR opponent_id = %(me)s)
    AND (%(status)s::text IS NULL OR status = %(status)s::text)
ORDER BY offered_position DESC LIMIT %(limit)s"""
)


SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"challenger_idx": (CHALLENGES, "_challenger_idx"), "opponent_idx": (CHALLENGES, "_opponent_idx")},
    statements={
        "offer": OFFER,
        "accept": ACCEPT,
        "count_close": COUNT_CLOSE,
        "add_pnl": ADD_PNL,
        "end": END,
        "decide": DECIDE,
        "close_offer": CLOSE_OFFER,
        "exists": EXISTS,
        "read": READ,
        "mine": MINE,
    },
)
