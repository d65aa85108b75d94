"""The anchors table: one row per anchor, its range, digest, transaction and status.

Table ``audit.anchors`` (beside the audit trail it anchors; docs/starknet.md):

| column | meaning |
|---|---|
| anchor_id | the Anchor aggregate (one per range) |
| first_position, last_position | the log positions anchored, inclusive (the contract's from/to) |
| status | requested, signed, submitted, refused, accepted, rejected |
| credited | true only for accepted: ACCEPTED_ON_L2/L1 and SUCCEEDED |
| head_hash | the audit chain's hash at last_position (hex), once signed |
| digest | the felt252 sent on-chain (hex), once signed |
| tx_hash, nonce, attempt | the latest signed transaction |
| finality_status, block_number | from the accepted receipt |
| reason | why the latest attempt was refused, or the anchor rejected |
| requested_at, updated_at | event times |
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psycopg import Connection, Cursor, sql

from projections.runtime.base import Tables

ANCHORS = "anchors"
COLUMNS = (
    "anchor_id",
    "first_position",
    "last_position",
    "status",
    "credited",
    "head_hash",
    "digest",
    "tx_hash",
    "nonce",
    "attempt",
    "finality_status",
    "block_number",
    "reason",
    "requested_at",
    "updated_at",
)


def create_tables(tables: Tables) -> list[sql.Composable]:
    return [
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} ("
            " anchor_id uuid PRIMARY KEY, first_position bigint NOT NULL, last_position bigint NOT NULL,"
            " status text NOT NULL, credited boolean GENERATED ALWAYS AS (status = 'accepted') STORED,"
            " head_hash text, digest text, tx_hash text, nonce bigint, attempt integer NOT NULL DEFAULT 0,"
            " finality_status text, block_number bigint, reason text,"
            " requested_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)"
        ).format(tables[ANCHORS]),
        sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (last_position)").format(
            sql.Identifier(tables.physical(ANCHORS) + "_last_idx"), tables[ANCHORS]
        ),
    ]


def insert_requested(cur: Cursor[Any], tables: Tables, row: dict[str, Any]) -> None:
    cur.execute(
        sql.SQL(
            "INSERT INTO {} (anchor_id, first_position, last_position, status, requested_at, updated_at)"
            " VALUES (%(anchor_id)s, %(first_position)s, %(last_position)s, 'requested', %(at)s, %(at)s)"
            " ON CONFLICT (anchor_id) DO NOTHING"
        ).format(tables[ANCHORS]),
        row,
    )


def update(cur: Cursor[Any], tables: Tables, anchor_id: object, at: datetime, **changes: Any) -> None:
    """Set ``changes`` (column → value) on one anchor."""
    assignments = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in changes)
    cur.execute(
        sql.SQL("UPDATE {} SET {}, updated_at = %s WHERE anchor_id = %s").format(tables[ANCHORS], assignments),
        (*changes.values(), at, anchor_id),
    )


def anchors(conn: Connection[Any], tables: Tables, limit: int = 100, after: int | None = None) -> list[dict[str, Any]]:
    """Anchors in log order (by last position), those ending after position ``after``, at most ``limit``.

    Page with ``after`` = the previous page's last ``last_position``; the anchor
    covering position p is the first of ``anchors(conn, tables, 1, after=p - 1)``."""
    query = sql.SQL(
        "SELECT {} FROM {} WHERE last_position > %s ORDER BY last_position, first_position LIMIT %s"
    ).format(sql.SQL(", ").join(map(sql.Identifier, COLUMNS)), tables[ANCHORS])
    rows = conn.execute(query, (after if after is not None else -1, limit)).fetchall()
    return [{name: _plain(value) for name, value in zip(COLUMNS, row, strict=True)} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, int | str | bool) or value is None:
        return value
    return str(value)  # uuid
