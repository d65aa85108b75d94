"""Order jobs: a gtd order expires on time without any tick, and TWAP slices fill, through the order_jobs policy
and a real dramatiq worker on Redis; the policy's start-up catch-up; a redelivered job is a no-op."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from uuid import UUID, uuid4

import pytest
from dramatiq import Broker, Message, Worker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from aggregates.money import Side
from aggregates.trading.order import OrderType, TimeInForce
from event_store.log import EventLog
from jobs.orders import expire_order, fill_order_slice, fill_slice_if_due
from projections.policies.order_jobs import EXPIRE_ACTOR, SLICE_ACTOR, OrderJobsPolicy, pending_jobs
from projections.runtime import ReadModels, migrate
from services.orders import OrderService, OrderSpec
from tests.financial.support import CTX, logged, wallet
from tests.gamification.support import policies_running, settle
from tests.projections.support import react
from tests.support import TEST_DATABASE_URL

BTC = "BTC-USD"
T0 = datetime.fromisoformat("2026-01-05T12:00:00+00:00")  # the SteppingClock's start: long past in real time


@contextmanager
def actors_on(broker: Broker) -> Iterator[Broker]:
    """Bind the module-level actors to ``broker`` for the duration of the block."""
    with ExitStack() as stack:
        for actor in (expire_order, fill_order_slice):
            previous = actor.broker
            actor.broker = broker
            broker.declare_actor(actor)
            stack.callback(setattr, actor, "broker", previous)
        yield broker


@pytest.fixture
def stub_broker() -> Iterator[StubBroker]:
    broker = StubBroker()
    broker.emit_after("process_boot")
    with actors_on(broker):
        yield broker
    broker.flush_all()
    broker.close()


@pytest.fixture
def redis_broker(redis_url: str) -> Iterator[RedisBroker]:
    broker = RedisBroker(url=redis_url, namespace=f"astratrade-test-{uuid4().hex[:8]}")
    broker.emit_after("process_boot")
    with actors_on(broker):
        yield broker
    broker.flush_all()
    broker.close()


@pytest.fixture
def job_env(monkeypatch: pytest.MonkeyPatch, es_env: dict[str, str]) -> None:
    """What the job worker's Settings read: this test's database schema."""
    monkeypatch.setenv("ASTRATRADE_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", TEST_DATABASE_URL)
    monkeypatch.setenv("DATABASE_SCHEMA", es_env["POSTGRES_SCHEMA"])


@pytest.fixture
def jobs_models(read_models: ReadModels) -> ReadModels:
    migrate(read_models, [OrderJobsPolicy()])
    return read_models


@pytest.fixture
def orders(runner) -> OrderService:
    return OrderService(runner)


def gtd(orders: OrderService, user: UUID, minutes: int = 3) -> str:
    spec = OrderSpec(
        OrderType.LIMIT,
        BTC,
        Side.LONG,
        D("1"),
        5,
        limit_price=D("95"),
        time_in_force=TimeInForce.GTD,
        expires_at=T0 + timedelta(minutes=minutes),
    )
    return str(orders.place(user, spec, CTX).body["order_id"])


def twap(orders: OrderService, user: UUID, slices: int = 2) -> str:
    spec = OrderSpec(OrderType.TWAP, BTC, Side.LONG, D("2"), 2, duration_seconds=60, slices=slices)
    return str(orders.place(user, spec, CTX).body["order_id"])


def queued(broker: StubBroker) -> list[Message]:
    found = []
    while not broker.queues["orders.DQ"].empty():
        found.append(Message.decode(broker.queues["orders.DQ"].get_nowait()))
    return found


def test_a_gtd_expiry_and_each_slice_are_enqueued_due_at_their_time(store, trading, traders, orders, stub_broker):
    [amy] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    gtd(orders, amy)
    order_id = twap(orders, amy)
    policy = OrderJobsPolicy(broker=stub_broker, now=lambda: T0 + timedelta(seconds=10))
    for event in logged(store, topics=OrderJobsPolicy.topics):
        react(policy, event)
    by_actor = sorted((m.actor_name, m.args, m.options["eta"] - m.message_timestamp) for m in queued(stub_broker))
    # The expiry in 2 min 50 s; slice 0 overdue (at once), slice 1 in 20 s (slices 30 s apart)
    assert [(actor, args) for actor, args, _ in by_actor] == [
        (EXPIRE_ACTOR, (by_actor[0][1][0],)),
        (SLICE_ACTOR, (order_id, 0)),
        (SLICE_ACTOR, (order_id, 1)),
    ]
    delays = [delay for _, _, delay in by_actor]
    assert delays[0] == pytest.approx(170_000, abs=1_000)
    assert delays[1] < 1_000
    assert delays[2] == pytest.approx(20_000, abs=1_000)


def test_the_catch_up_schedules_every_gtd_order_and_slice_left_to_do(store, trading, traders, orders, clock):
    [bo] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    cancelled, waiting = gtd(orders, bo), gtd(orders, bo)
    orders.cancel(bo, UUID(cancelled), CTX)
    order_id = twap(orders, bo, slices=3)
    fill_slice_if_due(store, UUID(order_id), 0, clock=clock)
    jobs = pending_jobs(EventLog(store))
    assert sorted((job.actor, job.args) for job in jobs) == [
        (EXPIRE_ACTOR, (waiting,)),
        (SLICE_ACTOR, (order_id, 1)),
        (SLICE_ACTOR, (order_id, 2)),
    ]


def test_a_gtd_order_expires_at_its_time_without_any_tick_and_twap_slices_fill_on_a_real_worker(
    es_env, store, trading, traders, orders, jobs_models, redis_broker, job_env
):
    [cy] = traders(1)
    trading.record_price(BTC, D("100"), CTX)
    expiring = gtd(orders, cy)
    algo = twap(orders, cy)
    # A policy that believes 1.5 s are left before the expiry (and so the slices are overdue)
    policy = OrderJobsPolicy(broker=redis_broker, now=lambda: T0 + timedelta(minutes=3, seconds=-1.5))
    before_scheduling = datetime.now(UTC)
    # Its start-up catch-up and its reactions both schedule every job: each one twice
    with policies_running(jobs_models, es_env, policy):
        settle(jobs_models, store, OrderJobsPolicy.name)
    worker = Worker(redis_broker, worker_timeout=100, worker_threads=2)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            len(logged(store, topics=("trading.Order.Cancelled",))) < 1
            or len(logged(store, topics=("trading.Order.SliceFilled",))) < 2
        ):
            time.sleep(0.05)
        redis_broker.join("orders", timeout=10_000)
    finally:
        worker.stop()
    # The gtd order expired once, no sooner than its delay, with no tick since it was placed
    [expired] = logged(store, topics=("trading.Order.Cancelled",))
    assert (str(expired.originator_id), expired.event.reason) == (expiring, "expired")  # type: ignore[attr-defined]
    assert expired.timestamp >= before_scheduling + timedelta(seconds=1.5)
    assert len(logged(store, topics=("trading.MarketPrice.Ticked",))) == 0
    # Each slice filled once though it was sent twice; the TWAP filled, nothing held any more
    slices = logged(store, topics=("trading.Order.SliceFilled",))
    assert sorted(e.event.index for e in slices) == [0, 1]  # type: ignore[attr-defined]
    assert store.repository.get(UUID(algo)).status.value == "filled"
    assert wallet(store, cy).held == D("0.00")
