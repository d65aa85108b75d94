"""Walking the chain: every audit row against its predecessor, its own bytes and the events table.

A row is sound when its ``prev_hash`` is the previous row's ``hash``, its ``hash``
is recomputed from its canonical bytes, those bytes equal the event stored at its
position in the events table, and its derived columns (time, data, metadata,
actor, subject) follow from its stored bytes. The walk stops at the first row
that is not, and names its position.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import Connection, sql

from projections.audit.canonical import GENESIS, canonical_bytes, chain_hash
from projections.audit.statements import OWNERS, TRAIL
from projections.audit.stored import derive, owner_of_new_aggregate, subject_of
from projections.runtime.base import Tables

_BATCH = 1_000
_WALK = """
SELECT coalesce(a.position, e.notification_id), a.aggregate_id, a.version, a.topic, a.state, a.prev_hash, a.hash,
       a.occurred_at, a.schema_version, a.data, a.metadata, a.actor, a.subject_id,
       e.originator_id, e.originator_version, e.topic, e.state, o.user_id, o.position
  FROM (SELECT * FROM {trail} WHERE position >= %(start)s AND position <= %(end)s) a
  FULL JOIN (SELECT * FROM {events} WHERE notification_id >= %(start)s AND notification_id <= %(end)s) e
         ON e.notification_id = a.position
  LEFT JOIN {owners} o ON o.aggregate_id = a.aggregate_id
 ORDER BY 1"""


@dataclass(frozen=True)
class Verdict:
    """What a walk found: ``ok`` with the head it reached, or the first broken position and why."""

    ok: bool
    checked: int
    head_hash: bytes | None  # of the last sound row
    last_position: int | None  # of the last sound row
    broken_at: int | None = None
    reason: str | None = None


def verify(
    conn: Connection[Any],
    tables: Tables,
    events: sql.Identifier,
    upto: int,
    *,
    start: int | None = None,
    end: int | None = None,
) -> Verdict:
    """Walk positions ``start..end`` (inclusive; default: the whole trail up to ``upto``, the
    audit projection's position). ``conn`` must not be in autocommit mode (server-side cursor)."""
    first, last = start or 0, min(end if end is not None else upto, upto)
    prev = _hash_before(conn, tables, first)
    checked, head, head_position = 0, None, None
    for row in map(_Row.of, _walk(conn, tables, events, first, last)):
        problem = _problem(row, prev)
        if problem is not None:
            return Verdict(False, checked, head, head_position, row.position, problem)
        prev = head = row.hash
        head_position = row.position
        checked += 1
    return Verdict(True, checked, head, head_position)


def _hash_before(conn: Connection[Any], tables: Tables, position: int) -> bytes:
    row = conn.execute(
        sql.SQL("SELECT hash FROM {} WHERE position < %s ORDER BY position DESC LIMIT 1").format(tables[TRAIL]),
        (position,),
    ).fetchone()
    return bytes(row[0]) if row else GENESIS


def _walk(
    conn: Connection[Any], tables: Tables, events: sql.Identifier, start: int, end: int
) -> Iterator[tuple[Any, ...]]:
    query = sql.SQL(_WALK).format(trail=tables[TRAIL], owners=tables[OWNERS], events=events)
    with conn.cursor(name="audit_verify") as cur:
        cur.itersize = _BATCH
        cur.execute(query, {"start": start, "end": end})
        yield from cur


@dataclass(frozen=True)
class _Row:
    """One position of the walk: the audit row, the stored event, the recorded owner (any may be missing)."""

    position: int
    aggregate_id: UUID | None
    version: int
    topic: str
    state: bytes
    prev_hash: bytes
    hash: bytes
    derived: tuple[Any, ...]  # occurred_at, schema_version, data, metadata, actor
    subject_id: UUID | None
    stored: tuple[Any, ...] | None  # the events table's originator_id, version, topic, state
    owner: UUID | None
    owner_position: int | None

    @classmethod
    def of(cls, r: tuple[Any, ...]) -> _Row:
        stored = None if r[13] is None else (r[13], r[14], r[15], bytes(r[16]))
        return cls(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            bytes(r[4] or b""),
            bytes(r[5] or b""),
            bytes(r[6] or b""),
            tuple(r[7:12]),
            r[12],
            stored,
            r[17],
            r[18],
        )


def _problem(row: _Row, prev: bytes) -> str | None:
    """Why the row is not sound, or None; checks in order, the first failing one named."""
    if row.aggregate_id is None:
        return "the event at this position is missing from the audit trail"
    if row.stored is None:
        return "the audit row has no event at its position in the events table (deleted?)"
    checks = (
        (
            row.stored == (row.aggregate_id, row.version, row.topic, row.state),
            "the stored event differs from its audit row",
        ),
        (row.prev_hash == prev, "prev_hash does not link to the previous row's hash"),
        (
            row.hash
            == chain_hash(prev, canonical_bytes(row.position, row.aggregate_id, row.version, row.topic, row.state)),
            "hash does not match the row's canonical bytes",
        ),
    )
    for sound, reason in checks:
        if not sound:
            return reason
    derived = derive(row.state)
    if row.derived != (derived.occurred_at, derived.schema_version, derived.data, derived.metadata, derived.actor):
        return "the row's derived columns do not follow from its stored bytes"
    return _owner_problem(row, derived.data)


def _owner_problem(row: _Row, data: dict[str, Any]) -> str | None:
    assert row.aggregate_id is not None
    created_owner = owner_of_new_aggregate(row.topic, row.aggregate_id, row.version, data)
    if row.version == 1 and (created_owner, row.position if created_owner else None) != (row.owner, row.owner_position):
        return "the aggregate's recorded owner does not follow from its creation event"
    if row.owner_position is not None and row.owner_position > row.position:
        return "the aggregate's recorded owner comes from a later event"
    if row.subject_id != subject_of(row.owner, data):
        return "subject_id does not follow from the aggregate's owner"
    return None
