"""What the query API may ask about projections, read from the read-model schema only.

Workers record the log head they saw in their tracking row, so lag is known here
without ever touching the event store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql

from event_store.horizon import head_component
from projections.runtime.config import ReadModels
from projections.runtime.lease import LEASE_NAMESPACE

_STATUS = """
SELECT t.name, t.position, t.log_head, t.lag_events,
       CASE WHEN t.lag_events = 0 THEN 0
            ELSE EXTRACT(EPOCH FROM now() - COALESCE(t.last_event_at, t.updated_at))::float8 END,
       t.status, t.last_error, t.updated_at, t.last_event_at,
       (SELECT count(*) FROM {dead} d WHERE d.projection = t.name), t.version,
       EXISTS (SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = %(namespace)s AND l.objid = hashtext(%(schema)s || '.' || t.name)::oid)
  FROM {tracking} t
 WHERE %(names)s::text[] IS NULL OR t.name = ANY(%(names)s::text[])
 ORDER BY t.name
"""


# Every projection waits while a transaction of the database holds the log's safe
# head back; the query API's /ready names it (the query API may not import the store).
safe_head_component = head_component


@dataclass(frozen=True)
class ProjectionStatus:
    """One projection's progress as its worker last recorded it."""

    name: str
    position: int
    log_head: int  # the safe head of the global log the worker last saw
    lag_events: int  # events (of every topic) it had still to read behind that head
    lag_seconds: float  # 0 when caught up, else the age of the last event it applied (an upper bound)
    status: str  # "running" (catching up), "idle" (caught up), "halted", "upgrading" (rebuilding for a new
    # definition; the old model answers, frozen), "stopped" (no worker holds the lease)
    last_error: str | None
    updated_at: datetime
    last_event_at: datetime | None
    parked: int  # events in the dead-letter table
    version: int  # the projection definition the model was built with (Projection.version)


def projection_status(
    read_models: ReadModels,
    names: Sequence[str] | None = None,
    conn: psycopg.Connection | None = None,
    leases: psycopg.Connection | None = None,
) -> list[ProjectionStatus]:
    """Status of the given (default: every tracked) projection, by name.

    ``leases``: where the workers hold their leases, when ``conn`` is a hot standby (READ_DATABASE_URL):
    advisory locks live on the primary only, so a standby alone would call every projection stopped."""
    query = sql.SQL(_STATUS).format(dead=read_models.dead_letters, tracking=read_models.tracking)
    params = {"namespace": LEASE_NAMESPACE, "schema": read_models.schema, "names": list(names) if names else None}
    if conn is None:
        with read_models.connect() as own:
            rows = own.execute(query, params).fetchall()
    else:
        rows = conn.execute(query, params).fetchall()
    if leases is not None:
        held = {row[0] for row in leases.execute(query, params).fetchall() if row[-1]}
        rows = [(*row[:-1], row[0] in held) for row in rows]
    return [_status(row) for row in rows]


def _status(row: tuple[Any, ...]) -> ProjectionStatus:
    name, position, head, lag, lag_seconds, stored, error, updated_at, last_event_at, parked, version, leased = row
    if stored in ("halted", "upgrading"):
        status = stored
    elif not leased:
        status = "stopped"
    else:
        status = "running" if lag > 0 else "idle"
    return ProjectionStatus(
        name, position, head, lag, float(lag_seconds), status, error, updated_at, last_event_at, parked, version
    )
