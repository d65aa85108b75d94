"""The anchoring policy: asks for an on-chain anchor every N events or T seconds.

It follows the whole log. At an event of position P that is not itself an
``onchain.*`` event, it asks for an anchor of ``(last anchored P, P]`` when at
least ``ANCHOR_EVERY_EVENTS`` events lie in that range, or ``ANCHOR_EVERY_SECONDS``
passed (by event timestamps) since the previous request. ``onchain.*`` events are
anchored too, but never trigger one: anchoring a quiet log would otherwise feed
itself. A quiet log's last events wait for the next event to be anchored.

The policy's state (the last anchored position, when it was asked for) is a row of
its own table, written in the runtime's transaction with its tracking position:
a replay after a crash sees the same state, decides the same, and its command (keyed
by the trigger position) answers the first run's answer.

Outbox: the request is an event (``onchain.Anchor.Requested``); when the policy
reads that event from the log it enqueues ``starknet.submit_anchor(anchor_id)``.
A crash before the tracking commit re-enqueues it (jobs are idempotent); no crash
can lose it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from psycopg import Cursor, sql

from aggregates.onchain.anchor import Anchor
from aggregates.onchain.errors import AlreadyRecorded
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.policies.enqueuing import Enqueuer, EnqueuingPolicy
from projections.runtime.base import Tables
from projections.runtime.statements import StatementSet
from services.onchain import QUEUE, SUBMIT_ANCHOR, OnchainService

ONCHAIN_PREFIX = "onchain."
STATE = "anchoring_state"
SQL = StatementSet(
    tables=(STATE,),
    ddl=(
        "CREATE TABLE IF NOT EXISTS {anchoring_state} (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),"
        " last_to bigint NOT NULL, requested_at timestamptz NOT NULL)",
    ),
    statements={
        "read": "SELECT last_to, requested_at FROM {anchoring_state}",
        "write": "INSERT INTO {anchoring_state} (last_to, requested_at) VALUES (%s, %s) ON CONFLICT (singleton)"
        " DO UPDATE SET last_to = EXCLUDED.last_to, requested_at = EXCLUDED.requested_at",
    },
)


@dataclass(frozen=True)
class Cadence:
    """How often to anchor: ``ANCHOR_EVERY_EVENTS`` events or ``ANCHOR_EVERY_SECONDS`` seconds."""

    every_events: int = 1_000
    every_seconds: float = 600.0

    @classmethod
    def from_environ(cls) -> Cadence:
        """The same variables Settings reads (and validates) in the other processes."""
        return cls(
            int(os.environ.get("ANCHOR_EVERY_EVENTS", cls.every_events)),
            float(os.environ.get("ANCHOR_EVERY_SECONDS", cls.every_seconds)),
        )


@dataclass(frozen=True)
class _State:
    last_to: int  # the last position anchored (requested), 0 before the first anchor
    requested_at: datetime  # when (event time) it was requested, or the first event seen


class AnchoringPolicy(EnqueuingPolicy):
    """Requests an anchor of the log every N events or T seconds; enqueues its job."""

    name: ClassVar[str] = "anchoring"
    topics: ClassVar[tuple[str, ...]] = ()  # every event counts (so no @handles: it has one reaction to the batch)
    tables: ClassVar[tuple[str, ...]] = (STATE,)
    on_poison = "halt"  # a skipped request would leave a range unanchored

    def __init__(self, broker: Enqueuer | None = None, cadence: Cadence | None = None) -> None:
        super().__init__(broker)
        self._cadence = cadence
        self.cadence = cadence or Cadence()
        self._log: EventLog | None = None

    def started(self, store: EventStore) -> None:
        super().started(store)
        self.cadence = self._cadence or Cadence.from_environ()
        self._log = EventLog(store)

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        self.apply_batch(cursor, tables, [event])

    def apply_batch(self, cursor: Cursor[Any], tables: Tables, events: Sequence[LoggedEvent]) -> None:
        assert self._log is not None, "started() first"
        state = _read(cursor, tables) or _State(0, events[0].timestamp)
        pending = self._log.count(state.last_to, events[0].position - 1)
        for event in events:
            pending += 1
            if event.topic == Anchor.Requested.TOPIC:
                self.enqueue(QUEUE, SUBMIT_ANCHOR, (str(event.originator_id),))
            elif not event.topic.startswith(ONCHAIN_PREFIX) and self._due(state, pending, event):
                state, pending = self._request(state, event), 0
        cursor.execute(
            SQL.render(tables).write,
            (state.last_to, state.requested_at),
        )

    def _due(self, state: _State, pending: int, event: LoggedEvent) -> bool:
        if event.position <= state.last_to:
            return False  # already anchored (a tracking position moved back by hand)
        elapsed = (event.timestamp - state.requested_at).total_seconds()
        return pending >= self.cadence.every_events or elapsed >= self.cadence.every_seconds

    def _request(self, state: _State, event: LoggedEvent) -> _State:
        service = OnchainService(self.runner_for(event))
        try:
            service.request_anchor(
                state.last_to + 1, event.position, self.context_for(event), self.idempotency_for(event)
            )
        except AlreadyRecorded:
            pass  # the same range, asked for by an earlier run: nothing more to ask
        return _State(event.position, event.timestamp)


def _read(cursor: Cursor[Any], tables: Tables) -> _State | None:
    row = cursor.execute(SQL.render(tables).read).fetchone()
    return None if row is None else _State(int(row[0]), row[1])
