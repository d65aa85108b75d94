"""The trail outside HTTP: NDJSON export and verification for the CLI (``astratrade audit …``).

Same rows, same encoding as ``GET /v1/audit/events`` with ``Accept: application/x-ndjson``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, BinaryIO

import orjson
from psycopg import Connection, sql

from projections.audit import view
from projections.audit.projection import EVENTS_TABLE, AuditProjection
from projections.audit.verify import Verdict, verify
from projections.runtime.config import ReadModels


def audit_position(conn: Connection[Any], read_models: ReadModels) -> int:
    """The audit projection's tracking position: every row up to it is final."""
    row = conn.execute(
        sql.SQL("SELECT position FROM {} WHERE name = %s").format(read_models.tracking), (AuditProjection.name,)
    ).fetchone()
    return int(row[0]) if row else 0


def export(read_models: ReadModels, query: view.AuditQuery, out: BinaryIO) -> int:
    """Write every row of ``query`` as NDJSON to ``out`` (memory stays flat); how many were written."""
    written = 0
    with read_models.connect("audit-export", autocommit=False) as conn:
        upto = audit_position(conn, read_models)
        for row in view.stream(conn, read_models.tables_for(AuditProjection), replace(query, upto=upto)):
            out.write(orjson.dumps(row) + b"\n")
            written += 1
    return written


def verify_trail(
    read_models: ReadModels, events_schema: str, start: int | None = None, end: int | None = None
) -> tuple[Verdict, int]:
    """Walk the chain against the events table in ``events_schema``; the verdict and the audit position."""
    events = sql.Identifier(events_schema, EVENTS_TABLE)
    with read_models.connect("audit-verify", autocommit=False) as conn:
        upto = audit_position(conn, read_models)
        return verify(conn, read_models.tables_for(AuditProjection), events, upto, start=start, end=end), upto
