"""The SQL of the anchors table: one row per anchor, its range, digest, transaction and status.

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

from projections.runtime.statements import StatementSet

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

DDL = (
    "CREATE TABLE IF NOT EXISTS {anchors} ("
    " anchor_id uuid PRIMARY KEY, first_position bigint NOT NULL, last_position bigint NOT NULL,"
    " status text NOT NULL, credited boolean GENERATED ALWAYS AS (status = 'accepted') STORED,"
    " head_hash text, digest text, tx_hash text, nonce bigint, attempt integer NOT NULL DEFAULT 0,"
    " finality_status text, block_number bigint, reason text,"
    " requested_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)",
    "CREATE INDEX IF NOT EXISTS {last_idx} ON {anchors} (last_position)",
)
REQUESTED = (
    "INSERT INTO {anchors} (anchor_id, first_position, last_position, status, requested_at, updated_at)"
    " VALUES (%(anchor_id)s, %(first_position)s, %(last_position)s, 'requested', %(at)s, %(at)s)"
    " ON CONFLICT (anchor_id) DO NOTHING"
)
# Each later event sets its columns: the same values again on a replay.
SIGNED = """UPDATE {anchors} SET status = 'signed', attempt = %(attempt)s, nonce = %(nonce)s, tx_hash = %(tx_hash)s,
    head_hash = %(head_hash)s, digest = %(digest)s, reason = NULL, updated_at = %(at)s
WHERE anchor_id = %(anchor_id)s"""
SUBMITTED = "UPDATE {anchors} SET status = 'submitted', updated_at = %(at)s WHERE anchor_id = %(anchor_id)s"
FAILED = """UPDATE {anchors} SET status = %(status)s, reason = %(reason)s, updated_at = %(at)s
WHERE anchor_id = %(anchor_id)s"""
ACCEPTED = """UPDATE {anchors} SET status = 'accepted', finality_status = %(finality_status)s,
    block_number = %(block_number)s, updated_at = %(at)s
WHERE anchor_id = %(anchor_id)s"""
# COLUMNS, in its order (the read names each value by it).
PAGE = """SELECT anchor_id, first_position, last_position, status, credited, head_hash, digest, tx_hash,
    nonce, attempt, finality_status, block_number, reason, requested_at, updated_at
FROM {anchors} WHERE last_position > %s ORDER BY last_position, first_position LIMIT %s"""

SQL = StatementSet(
    tables=(ANCHORS,),
    ddl=DDL,
    indexes={"last_idx": (ANCHORS, "_last_idx")},
    statements={
        "requested": REQUESTED,
        "signed": SIGNED,
        "submitted": SUBMITTED,
        "failed": FAILED,
        "accepted": ACCEPTED,
        "page": PAGE,
    },
)
