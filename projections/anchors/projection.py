"""The anchors projection: each ``onchain.Anchor.*`` event becomes one change of its row."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.onchain.anchor import Anchor
from event_store.log import LoggedEvent
from projections.anchors.statements import ANCHORS, SQL
from projections.audit.projection import AUDIT_SCHEMA
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles


class AnchorsProjection(Projection):
    """Anchors of the audit chain and their on-chain status (table ``audit.anchors``)."""

    name: ClassVar[str] = "anchors"
    tables: ClassVar[tuple[str, ...]] = (ANCHORS,)
    # Beside the trail it anchors, where compliance reads (projections/audit/anchors.py reads it too).
    schema: ClassVar[str | None] = AUDIT_SCHEMA

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Anchor.Requested)
    def _requested(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Anchor.Requested, e.event)
        params = {
            "anchor_id": e.originator_id,
            "first_position": ev.from_position,
            "last_position": ev.to_position,
            "at": e.timestamp,
        }
        cur.execute(SQL.render(t).requested, params)

    @handles(Anchor.Signed)
    def _signed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Anchor.Signed, e.event)
        params = {
            **_anchor(e),
            "attempt": ev.attempt,
            "nonce": ev.nonce,
            "tx_hash": ev.tx_hash,
            "head_hash": ev.head_hash,
            "digest": ev.digest,
        }
        cur.execute(SQL.render(t).signed, params)

    @handles(Anchor.Submitted)
    def _submitted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).submitted, _anchor(e))

    @handles(Anchor.Refused, Anchor.Rejected)
    def _failed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev: Any = e.event
        status = "refused" if isinstance(ev, Anchor.Refused) else "rejected"
        cur.execute(SQL.render(t).failed, {**_anchor(e), "status": status, "reason": ev.reason})

    @handles(Anchor.Accepted)
    def _accepted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        ev = cast(Anchor.Accepted, e.event)
        params = {**_anchor(e), "finality_status": ev.finality_status, "block_number": ev.block_number}
        cur.execute(SQL.render(t).accepted, params)


def _anchor(e: LoggedEvent) -> dict[str, Any]:
    return {"anchor_id": e.originator_id, "at": e.timestamp}
