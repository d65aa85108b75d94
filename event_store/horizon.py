"""The safe head of the log, bounded by this database's own transactions.

A position is ``(xid << TX_SHIFT) + i`` (event_store/recorder.py). A follower may
read up to ``(horizon << TX_SHIFT) - 1`` where ``horizon`` is the lowest xid that
may still write our events table. ``pg_snapshot_xmin`` would do, but it is the
whole *server's* oldest running xid: one transaction left open in another
database stalled every follower. So the horizon here is

    least(xmax(S), min{x in xip(S) : x is not proven to be another database's})

for S = ``pg_current_snapshot()``; an xid is proven another database's when
``pg_stat_activity`` shows it as the ``backend_xid`` of a backend connected to
another database, or ``pg_prepared_xacts`` lists it as prepared in another one.

Why that is gap-safe (docs/event-store.md has the long form). Let T write a row
of our table with xid X < horizon. T runs in our database (a backend reaches
only its own database's tables, for life), so it is never "proven another
database's". X < xmax(S), and X is not in xip(S) (else horizon <= X), so T had
finished when S was taken: a reader whose snapshot is S or later sees its rows
(if committed) forever. Transactions of ours without an xid yet, or assigned
one after S, get xids >= xmax(S) >= horizon. Reading pg_stat_activity at a
different instant than S cannot break this: the xid→database fact it reports
is permanent, and an xid it does not report (finished meanwhile, a prepare in
flight, no permission to see it) is simply kept, which only holds the head
back. A reader may compute the head in one statement and read rows in a later
one: finished stays finished. (On a standby, where xip(S) is always empty, the
horizon is the snapshot's xmin, server-wide as before.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

TX_SHIFT = 20
# A transaction of ours holding the safe head back longer than this is reported
# (``projections status``, ``/ready``): appends take milliseconds, so one open
# this long is an import, a stuck session or an idle-in-transaction client.
STALL_AFTER_SECONDS = 2.0

_OUR_DATABASE = sql.SQL("(SELECT oid FROM pg_database WHERE datname = current_database())")
_FOREIGN_XIDS = sql.SQL(
    "SELECT a.backend_xid AS xid FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL AND a.datid <> {ours} "
    "UNION ALL SELECT p.transaction FROM pg_prepared_xacts p WHERE p.database <> current_database()"
).format(ours=_OUR_DATABASE)
# The lowest xid (xid8) that may still write this database's tables (module docstring).
# On a standby a snapshot lists no running xids in xip (all go to its subxip list,
# which pg_current_snapshot() drops): there, fall back to the server-wide xmin.
HORIZON_SQL = sql.SQL(
    "(SELECT CASE WHEN pg_is_in_recovery() THEN pg_snapshot_xmin(s) "
    "ELSE least(pg_snapshot_xmax(s), (SELECT min(x) FROM pg_snapshot_xip(s) AS x "
    "WHERE NOT EXISTS (SELECT 1 FROM ({foreign}) f WHERE f.xid = x::xid))) END FROM pg_current_snapshot() AS s)"
).format(foreign=_FOREIGN_XIDS)
# The highest position below which the log is final.
SAFE_HEAD_SQL = sql.SQL("(({horizon})::text::bigint << {shift}) - 1").format(
    horizon=HORIZON_SQL, shift=sql.SQL(str(TX_SHIFT))
)

# Who holds the horizon back: the transaction of ours whose xid *is* the horizon
# (a backend of this database, or a prepared transaction of it), and since when.
BLOCKER_SQL = sql.SQL(
    "WITH h AS (SELECT {horizon} AS xid) "
    "SELECT a.pid, a.application_name, a.state, a.xact_start AS since, NULL::text AS gid "
    "FROM pg_stat_activity a, h WHERE a.datid = {ours} AND a.backend_xid = h.xid::xid "
    "AND a.xact_start < now() - make_interval(secs => %(older_than)s) "
    "UNION ALL SELECT NULL, NULL, 'prepared', p.prepared, p.gid FROM pg_prepared_xacts p, h "
    "WHERE p.database = current_database() AND p.transaction = h.xid::xid "
    "AND p.prepared < now() - make_interval(secs => %(older_than)s) "
    "LIMIT 1"
).format(horizon=HORIZON_SQL, ours=_OUR_DATABASE)


@dataclass(frozen=True)
class Blocker:
    """The transaction of this database holding the safe head back."""

    pid: int | None  # None for a prepared transaction
    application_name: str | None
    state: str | None  # pg_stat_activity.state, e.g. "idle in transaction"; "prepared" for 2PC
    since: datetime  # the transaction's start (or its PREPARE)
    gid: str | None  # a prepared transaction's global id

    def describe(self) -> str:
        who = (
            f"prepared transaction {self.gid!r}"
            if self.gid is not None
            else (f"backend pid {self.pid} ({self.application_name or '-'}, {self.state or '-'})")
        )
        return f"{who} since {self.since.isoformat()}"

    def as_dict(self) -> dict[str, object]:
        return {
            "pid": self.pid,
            "application_name": self.application_name,
            "state": self.state,
            "since": self.since.isoformat(),
            "gid": self.gid,
        }


def stalled_by(conn: psycopg.Connection[Any], older_than: float = STALL_AFTER_SECONDS) -> Blocker | None:
    """The transaction of this database that has held the safe head back for more
    than ``older_than`` seconds, if any (other databases never hold it back)."""
    with conn.cursor(row_factory=dict_row) as curs:
        row = curs.execute(BLOCKER_SQL, {"older_than": older_than}).fetchone()
    return None if row is None else Blocker(row["pid"], row["application_name"], row["state"], row["since"], row["gid"])


def head_component(pool: Any) -> dict[str, object]:
    """``/ready``'s informational view of the safe head: moving, or held back by whom
    and since when; "unknown" when the database does not answer (the probe says why)."""
    try:
        with pool.connection(timeout=2.0) as conn:
            blocker = stalled_by(conn)
    except Exception:  # the postgres probe reports the outage itself
        return {"status": "unknown"}
    if blocker is None:
        return {"status": "moving"}
    return {"status": "held_back", "blocked_by": blocker.as_dict()}
