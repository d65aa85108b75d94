"""The backtest dispatch policy: each ``strategies.Backtest.Requested`` becomes a ``run_backtest(id)`` job.

The log is the outbox: a request is recorded first, then this policy enqueues the job carrying its id only
(jobs/backtests.py). An optimisation's grid is one Requested event per combination, so a grid fans out as
one job per combination, spread over however many job worker processes and hosts consume the ``backtests``
queue. Catch-up: whenever its worker starts, every requested backtest without an outcome is enqueued again
(a job lost with Redis is redone from PostgreSQL); a duplicate job finds its backtest finished and returns.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from psycopg import Cursor

from aggregates.strategies.backtest import Backtest
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.policies.enqueuing import EnqueuingPolicy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles

BACKTEST_QUEUE = "backtests"
RUN_ACTOR = "run_backtest"
_OUTCOMES = (Backtest.Completed.TOPIC, Backtest.Failed.TOPIC)


class BacktestDispatchPolicy(EnqueuingPolicy):
    """Enqueues one job per requested backtest (ids only)."""

    name: ClassVar[str] = "backtest_dispatch"

    def started(self, store: EventStore) -> None:
        super().started(store)
        for backtest_id in unfinished_backtests(EventLog(store)):
            self._enqueue(backtest_id)

    @handles(Backtest.Requested)
    def _requested(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        self._enqueue(event.originator_id)

    def _enqueue(self, backtest_id: UUID) -> None:
        self.enqueue(BACKTEST_QUEUE, RUN_ACTOR, (str(backtest_id),))


def unfinished_backtests(event_log: EventLog, page: int = 1_000) -> list[UUID]:
    """Every requested backtest without a Completed or Failed event, in request order."""
    requested: dict[UUID, None] = {}
    after, head = 0, event_log.head()
    while found := event_log.read(after, head, page, (Backtest.Requested.TOPIC, *_OUTCOMES)):
        for event in found:
            if event.topic == Backtest.Requested.TOPIC:
                requested[event.originator_id] = None
            else:
                requested.pop(event.originator_id, None)
        after = found[-1].position
    return list(requested)
