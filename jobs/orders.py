"""Order jobs: a gtd order's expiry on time, and each TWAP/VWAP slice (scheduled by projections/policies/order_jobs.py).

``expire_order(order_id)`` expires the order if it is still open; ``fill_order_slice(order_id, index)`` fills
that slice at the latest price. Both are idempotent — dramatiq delivers at least once: the Order refuses a second
expiry or a second fill of one slice, and each command carries an idempotency key of its own
(``expire_order:<id>``, ``slice:<id>:<index>``), so a redelivered message writes nothing. A message that arrives
early re-schedules itself for the time left.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime
from uuid import UUID

import dramatiq

from aggregates.clock import Clock, system_clock
from aggregates.errors import NotFound
from aggregates.trading.order import Order, OrderNotExpired, OrderNotOpen, SliceAlreadyFilled, SliceNotDue
from event_store.application import EventStore
from event_store.metadata import CommandContext
from jobs.challenges import open_store
from projections.policies.order_jobs import EXPIRE_ACTOR, ORDERS_QUEUE, SLICE_ACTOR
from services.algorithms import AlgorithmOrders
from services.commands import CommandRunner, Idempotency
from services.loading import get_as
from services.orders import OrderService

log = logging.getLogger(__name__)


@dramatiq.actor(actor_name=EXPIRE_ACTOR, queue_name=ORDERS_QUEUE)
def expire_order(order_id: str) -> None:
    """Expire one gtd order whose time has come; re-scheduled for the time left if it arrives early."""
    with open_store() as store:
        early_ms = expire_if_due(store, UUID(order_id))
    if early_ms:
        expire_order.send_with_options(args=(order_id,), delay=early_ms)


@dramatiq.actor(actor_name=SLICE_ACTOR, queue_name=ORDERS_QUEUE)
def fill_order_slice(order_id: str, index: int) -> None:
    """Fill one TWAP/VWAP slice; re-scheduled for the time left if it arrives early."""
    with open_store() as store:
        early_ms = fill_slice_if_due(store, UUID(order_id), index)
    if early_ms:
        fill_order_slice.send_with_options(args=(order_id, index), delay=early_ms)


def expire_if_due(store: EventStore, order_id: UUID, clock: Clock = system_clock) -> int:
    """Expire the order if its ``expires_at`` has passed; else the milliseconds left (0: nothing left to do)."""
    orders = OrderService(CommandRunner(store, clock))
    ctx = CommandContext(actor="job:orders", correlation_id=str(order_id))
    try:
        orders.expire(order_id, ctx, Idempotency(f"expire_order:{order_id}", {"order_id": str(order_id)}))
    except OrderNotExpired:
        expires_at = get_as(store.repository, order_id, Order, "order").expires_at
        assert expires_at is not None
        return _left_ms(expires_at, clock)
    except (OrderNotOpen, NotFound) as done:
        log.info("order %s: nothing to expire (%s)", order_id, done.code)
    return 0


def fill_slice_if_due(store: EventStore, order_id: UUID, index: int, clock: Clock = system_clock) -> int:
    """Fill the slice if it is due; else the milliseconds left (0: nothing left to do)."""
    algorithms = AlgorithmOrders(OrderService(CommandRunner(store, clock)))
    ctx = CommandContext(actor="job:orders", correlation_id=str(order_id))
    idem = Idempotency(f"slice:{order_id}:{index}", {"order_id": str(order_id), "index": index})
    try:
        algorithms.fill_slice(order_id, index, ctx, idem)
    except SliceNotDue:
        plan = get_as(store.repository, order_id, Order, "order").plan
        assert plan is not None
        return _left_ms(plan.due_at(index), clock)
    except (SliceAlreadyFilled, OrderNotOpen, NotFound) as done:
        log.info("order %s slice %s: nothing to fill (%s)", order_id, index, done.code)
    return 0


def _left_ms(due_at: datetime, clock: Clock) -> int:
    return max(1, math.ceil((due_at - clock()).total_seconds() * 1000))
