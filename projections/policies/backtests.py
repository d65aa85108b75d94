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

from dramatiq import Broker, Message
from psycopg import Cursor

from aggregates.strategies.backtest import Backtest
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.policies import job_broker
from projections.policies.base import Policy
from projections.policies.challenges import BrokerUnavailable
from projections.runtime.base import Tables
from projections.runtime.handlers import handles

BACKTEST_QUEUE = "backtests"
RUN_ACTOR = "run_backtest"
_OUTCOMES = (Backtest.Completed.TOPIC, Backtest.Failed.TOPIC)


class BacktestDispatchPolicy(Policy):
    """Enqueues one job per requested backtest (ids only)."""

    name: ClassVar[str] = "backtest_dispatch"

    def __init__(self, broker: Broker | None = None) -> None:
        super().__init__()
        self._broker, self._owns_broker = broker, broker is None

    def started(self, store: EventStore) -> None:
        if self._broker is None:
            self._broker = job_broker.from_environ()  # JOBS_BROKER: Redis or RabbitMQ
        for backtest_id in unfinished_backtests(EventLog(store)):
            self._enqueue(backtest_id)

    def close(self) -> None:
        super().close()
        if self._owns_broker and self._broker is not None:
            self._broker.close()
            self._broker = None

    @handles(Backtest.Requested)
    def _requested(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        self._enqueue(event.originator_id)

    def _enqueue(self, backtest_id: UUID) -> None:
        assert self._broker is not None, "started() installs the broker"
        message: Message[Any] = Message(
            queue_name=BACKTEST_QUEUE, actor_name=RUN_ACTOR, args=(str(backtest_id),), kwargs={}, options={}
        )
        try:
            self._broker.enqueue(message)
        except job_broker.ENQUEUE_ERRORS as error:
            raise BrokerUnavailable(f"cannot enqueue backtest {backtest_id}: {error}") from error


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
