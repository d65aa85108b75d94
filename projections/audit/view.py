"""The audit view: the chain head (for anchoring), and the reads the query API and CLI make.

Every read runs on the caller's connection, so the caller picks the snapshot.
``chain_head`` is a contract with the Starknet anchoring job: keep its signature.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, sql

from projections.audit.statements import TRAIL
from projections.runtime.base import Tables

EXPORT_BATCH = 1_000  # rows per round trip of a server-side cursor: what an export holds in memory
_COLUMNS = sql.SQL(
    "position, occurred_at, aggregate_id, version, topic, schema_version, data, metadata, state, prev_hash, hash"
)


def chain_head(conn: Connection[Any], tables: Tables, upto: int | None = None) -> tuple[int, int, bytes] | None:
    """(first_position, last_position, head_hash) of the audit chain, or None while it is empty.

    ``head_hash`` is the hash of the row at ``last_position``: it commits to every event
    from the first up to it. ``upto`` bounds the chain (the head as it was at that position).
    """
    trail = tables[TRAIL]
    row = conn.execute(
        sql.SQL(
            "SELECT (SELECT min(position) FROM {t}), position, hash FROM {t} WHERE position <= %s"
            " ORDER BY position DESC LIMIT 1"
        ).format(t=trail),
        (upto if upto is not None else 2**63 - 1,),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return int(row[0]), int(row[1]), bytes(row[2])


@dataclass(frozen=True)
class AuditQuery:
    """Which rows: every filter is optional; ``start`` is inclusive, ``end`` exclusive."""

    user_id: UUID | None = None  # events the user did (actor) or that concern them (subject)
    aggregate_id: UUID | None = None
    start: datetime | None = None
    end: datetime | None = None
    after_position: int = 0
    upto: int | None = None  # the last position to include

    def where(self) -> tuple[sql.Composable, dict[str, Any]]:
        clauses: list[str] = ["position > %(after)s"]
        params: dict[str, Any] = {"after": self.after_position}
        optional = (
            (
                self.user_id,
                "(subject_id = %(user)s OR actor = %(actor)s)",
                {"user": self.user_id, "actor": str(self.user_id)},
            ),
            (self.aggregate_id, "aggregate_id = %(aggregate)s", {"aggregate": self.aggregate_id}),
            (self.start, "occurred_at >= %(start)s", {"start": self.start}),
            (self.end, "occurred_at < %(end)s", {"end": self.end}),
            (self.upto, "position <= %(upto)s", {"upto": self.upto}),
        )
        for value, clause, values in optional:
            if value is not None:
                clauses.append(clause)
                params.update(values)
        return sql.SQL(" AND ".join(clauses)), params


def page(conn: Connection[Any], tables: Tables, query: AuditQuery, limit: int) -> list[dict[str, Any]]:
    """At most ``limit`` rows after ``query.after_position``, in log order, as API rows."""
    where, params = query.where()
    statement = sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY position LIMIT %(limit)s").format(
        _COLUMNS, tables[TRAIL], where
    )
    return [as_json(row) for row in conn.execute(statement, {**params, "limit": limit}).fetchall()]


def stream(conn: Connection[Any], tables: Tables, query: AuditQuery) -> Iterator[dict[str, Any]]:
    """Every row of ``query`` in log order through a server-side cursor: memory stays flat.

    ``conn`` must not be in autocommit mode (a named cursor lives in a transaction)."""
    where, params = query.where()
    statement = sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY position").format(_COLUMNS, tables[TRAIL], where)
    with conn.cursor(name="audit_export") as cur:
        cur.itersize = EXPORT_BATCH
        cur.execute(statement, params)
        for row in cur:
            yield as_json(row)


def last_position(conn: Connection[Any], tables: Tables) -> int:
    """The position of the newest audit row (0 while the trail is empty)."""
    row = conn.execute(sql.SQL("SELECT max(position) FROM {}").format(tables[TRAIL])).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def as_json(row: tuple[Any, ...]) -> dict[str, Any]:
    """One API/export row: api.md's fields plus ``stored_state`` (base64 of the hashed bytes)."""
    position, occurred_at, aggregate_id, version, topic, schema_version, data, metadata, state, prev, digest = row
    return {
        "position": position,
        "timestamp": occurred_at.astimezone(UTC).isoformat(),
        "aggregate_id": str(aggregate_id),
        "version": version,
        "type": topic,
        "schema_version": schema_version,
        "data": data,
        "metadata": metadata,
        "hash": bytes(digest).hex(),
        "prev_hash": bytes(prev).hex(),
        "stored_state": base64.b64encode(bytes(state)).decode("ascii"),
    }
