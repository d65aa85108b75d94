"""The anchors projection: each ``onchain.Anchor.*`` event becomes one change of its row."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.onchain.anchor import Anchor
from event_store.log import LoggedEvent
from projections.anchors import view
from projections.audit.projection import AUDIT_SCHEMA
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles


class AnchorsProjection(Projection):
    """Anchors of the audit chain and their on-chain status (table ``audit.anchors``)."""

    name: ClassVar[str] = "anchors"
    tables: ClassVar[tuple[str, ...]] = (view.ANCHORS,)
    # Beside the trail it anchors, where compliance reads (projections/audit/anchors.py reads it too).
    schema: ClassVar[str | None] = AUDIT_SCHEMA

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return view.create_tables(tables)

    @handles(Anchor.Requested)
    def _requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Anchor.Requested, e.event)
        view.insert_requested(
            cur,
            t,
            {
                "anchor_id": e.originator_id,
                "first_position": ev.from_position,
                "last_position": ev.to_position,
                "at": e.timestamp,
            },
        )

    @handles(Anchor.Signed)
    def _signed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Anchor.Signed, e.event)
        view.update(
            cur,
            t,
            e.originator_id,
            e.timestamp,
            status="signed",
            attempt=ev.attempt,
            nonce=ev.nonce,
            tx_hash=ev.tx_hash,
            head_hash=ev.head_hash,
            digest=ev.digest,
            reason=None,
        )

    @handles(Anchor.Submitted)
    def _submitted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        view.update(cur, t, e.originator_id, e.timestamp, status="submitted")

    @handles(Anchor.Refused, Anchor.Rejected)
    def _failed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev: Any = e.event
        status = "refused" if isinstance(ev, Anchor.Refused) else "rejected"
        view.update(cur, t, e.originator_id, e.timestamp, status=status, reason=ev.reason)

    @handles(Anchor.Accepted)
    def _accepted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Anchor.Accepted, e.event)
        view.update(
            cur,
            t,
            e.originator_id,
            e.timestamp,
            status="accepted",
            finality_status=ev.finality_status,
            block_number=ev.block_number,
        )
