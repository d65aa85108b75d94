"""The order jobs policy: a gtd order's expiry and a TWAP/VWAP order's slices, as delayed dramatiq jobs.

- ``trading.Order.Placed`` with ``expires_at`` → ``expire_order(order_id)`` due at ``expires_at``: the order
  expires on time even when its symbol has no tick (the trigger policy still expires it at the first tick at or
  after that time, whichever comes first; the Order takes one).
- ``trading.Order.Scheduled`` → ``fill_order_slice(order_id, index)`` for every slice, each due at its time.

Jobs carry ids only (jobs/orders.py runs them). Catch-up: each time this policy's worker starts it schedules
again, from the log, every gtd order not ended and every slice not filled of every TWAP/VWAP order not ended
(overdue ones at once), so a job lost with Redis is redone from PostgreSQL. Every job is idempotent: the Order
refuses a second expiry or a second fill of one slice, and each command has an idempotency key of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from psycopg import Cursor

from aggregates.trading.order import Order
from aggregates.trading.slicing import Plan
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from projections.policies.enqueuing import EnqueuingPolicy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles

ORDERS_QUEUE = "orders"
EXPIRE_ACTOR = "expire_order"
SLICE_ACTOR = "fill_order_slice"


@dataclass(frozen=True)
class Job:
    """One job to schedule: which actor, with which ids, due when."""

    actor: str
    args: tuple[Any, ...]
    due_at: datetime


class OrderJobsPolicy(EnqueuingPolicy):
    """Schedules gtd expiries and TWAP/VWAP slices as delayed dramatiq jobs (ids only)."""

    name: ClassVar[str] = "order_jobs"

    def started(self, store: EventStore) -> None:
        super().started(store)
        for job in pending_jobs(EventLog(store)):
            self._schedule(job)

    @handles(Order.Placed, Order.Scheduled)
    def _asking(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        for job in jobs_of(event):
            self._schedule(job)

    def _schedule(self, job: Job) -> None:
        self.enqueue(ORDERS_QUEUE, job.actor, job.args, job.due_at)


def jobs_of(event: LoggedEvent, filled: frozenset[int] = frozenset()) -> list[Job]:
    """The jobs an order event asks for (a slice in ``filled`` needs none any more)."""
    order_id, e = str(event.originator_id), event.event
    if isinstance(e, Order.Placed):
        return [] if e.expires_at is None else [Job(EXPIRE_ACTOR, (order_id,), e.expires_at)]
    if isinstance(e, Order.Scheduled):
        plan = Plan(e.slices, e.holds, e.interval_ms, e.starts_at, e.reference_price)
        return [Job(SLICE_ACTOR, (order_id, i), plan.due_at(i)) for i in range(len(e.slices)) if i not in filled]
    return []


def pending_jobs(event_log: EventLog, page: int = 1_000) -> list[Job]:
    """The catch-up: the jobs of every order not ended, less the slices already filled."""
    topics = (
        Order.Placed.TOPIC,
        Order.Scheduled.TOPIC,
        Order.SliceFilled.TOPIC,
        Order.Filled.TOPIC,
        Order.Cancelled.TOPIC,
    )
    asking: dict[UUID, list[LoggedEvent]] = {}
    filled: dict[UUID, set[int]] = {}
    after, head = 0, event_log.head()
    while found := event_log.read(after, head, page, topics):
        for event in found:
            if event.topic in (Order.Placed.TOPIC, Order.Scheduled.TOPIC):
                asking.setdefault(event.originator_id, []).append(event)
            elif event.topic == Order.SliceFilled.TOPIC:
                filled.setdefault(event.originator_id, set()).add(event.event.index)  # type: ignore[attr-defined]
            else:
                asking.pop(event.originator_id, None)  # ended: nothing left to do
        after = found[-1].position
    return [
        job
        for order_id, events in asking.items()
        for event in events
        for job in jobs_of(event, frozenset(filled.get(order_id, ())))
    ]
