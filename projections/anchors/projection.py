"""The anchors projection: each ``onchain.Anchor.*`` event becomes one change of its row."""

from __future__ import annotations

from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.onchain.anchor import Anchor
from event_store.log import LoggedEvent
from projections.anchors import view
from projections.audit.projection import AUDIT_SCHEMA
from projections.runtime.base import Projection, Tables


class AnchorsProjection(Projection):
    """Anchors of the audit chain and their on-chain status (table ``audit.anchors``)."""

    name: ClassVar[str] = "anchors"
    topics: ClassVar[tuple[str, ...]] = (Anchor.Requested.TOPIC, Anchor.Signed.TOPIC, Anchor.Submitted.TOPIC,
                                         Anchor.Refused.TOPIC, Anchor.Accepted.TOPIC, Anchor.Rejected.TOPIC)
    tables: ClassVar[tuple[str, ...]] = (view.ANCHORS,)
    # Beside the trail it anchors, where compliance reads (projections/audit/anchors.py reads it too).
    schema: ClassVar[str | None] = AUDIT_SCHEMA

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return view.create_tables(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        e: Any = event.event
        at, anchor_id = event.timestamp, event.originator_id
        if isinstance(e, Anchor.Requested):
            view.insert_requested(cursor, tables, {"anchor_id": anchor_id, "first_position": e.from_position,
                                                   "last_position": e.to_position, "at": at})
        elif isinstance(e, Anchor.Signed):
            view.update(cursor, tables, anchor_id, at, status="signed", attempt=e.attempt, nonce=e.nonce,
                        tx_hash=e.tx_hash, head_hash=e.head_hash, digest=e.digest, reason=None)
        elif isinstance(e, Anchor.Submitted):
            view.update(cursor, tables, anchor_id, at, status="submitted")
        elif isinstance(e, Anchor.Refused | Anchor.Rejected):
            status = "refused" if isinstance(e, Anchor.Refused) else "rejected"
            view.update(cursor, tables, anchor_id, at, status=status, reason=e.reason)
        elif isinstance(e, Anchor.Accepted):
            view.update(cursor, tables, anchor_id, at, status="accepted", finality_status=e.finality_status,
                        block_number=e.block_number)
