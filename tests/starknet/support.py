"""Helpers of the Starknet integration tests: read models, events, a broker that records."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from dramatiq import Broker, Message, Worker
from psycopg import sql

from aggregates import clock
from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from jobs import starknet
from projections.audit.projection import AuditProjection
from projections.runtime import ReadModels, migrate
from projections.runtime.base import Projection
from services.onchain import QUEUE, OnchainService
from services.trading import TradingService
from tests import job_brokers
from tests.projections.conftest import safe_head
from tests.projections.support import catch_up

CTX = CommandContext(actor="test", correlation_id="starknet-test")


class RecordingBroker:
    """Stands in for the Redis broker where only what is enqueued matters."""

    def __init__(self) -> None:
        self.sent: list[Message[Any]] = []

    def enqueue(self, message: Message[Any], *, delay: int | None = None) -> Message[Any]:
        self.sent.append(message)
        return message

    def close(self) -> None:
        pass

    def ids(self, actor_name: str) -> list[str]:
        return [m.args[0] for m in self.sent if m.actor_name == actor_name]


@contextmanager
def read_models_for(es_env: dict[str, str], projections: list[Projection]) -> Iterator[ReadModels]:
    """A read-model schema of the test's own, migrated for ``projections``; dropped afterwards."""
    models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_read")
    migrate(models, projections)
    try:
        yield models
    finally:
        with models.connect() as conn:
            schemas = {models.schema, *(models.schema_for(p) for p in projections)}
            for schema in schemas:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def deposits(store: EventStore, trading: TradingService, count: int) -> UUID:
    """A wallet opened then ``count`` deposits: ``count + 1`` events; the owner."""
    owner = uuid4()
    with clock.using(trading.runner.clock):  # the same clock as the deposits
        store.save(Wallet.open_for(owner))
    for _ in range(count):
        trading.deposit(owner, Decimal("10.00"), "USD", CommandContext(actor=str(owner), correlation_id="c"))
    return owner


def logged(store: EventStore, *topics: str) -> list[LoggedEvent]:
    return EventLog(store).read(0, safe_head(store), 100_000, topics)


def run_until_idle(projection: Projection, models: ReadModels, es_env: dict[str, str], store: EventStore) -> None:
    """Run ``projection``'s worker cycles until it has handled the whole log, its own requests included."""
    # A policy appends its requests while it catches up: caught up means past them too.
    while catch_up(models, es_env, None, projection) < EventLog(store).last_position():
        pass


@contextmanager
def install(jobs: starknet.StarknetJobs) -> Iterator[starknet.StarknetJobs]:
    """``jobs`` as this process's Starknet jobs for the duration of the block."""
    starknet.install(jobs)
    try:
        yield jobs
    finally:
        starknet.install(None)


@contextmanager
def working(broker: Broker) -> Iterator[Worker]:
    """A real dramatiq worker on ``broker`` for the duration of the block."""
    worker = Worker(broker, worker_threads=2, worker_timeout=50)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def audited_anchor(
    store: EventStore, trading: TradingService, models: ReadModels, es_env: dict[str, str], service: OnchainService
) -> tuple[UUID, int]:
    """Events, the real audit trail over them, and an anchor requested for all of them: (anchor id, to)."""
    deposits(store, trading, 3)
    run_until_idle(AuditProjection(), models, es_env, store)
    last = EventLog(store).last_position()
    return UUID(service.request_anchor(1, last, CTX).body["anchor_id"]), last


def dead_letters(broker: Broker) -> int:
    return job_brokers.dead_letters(broker, QUEUE)


def topics_of(store: EventStore, stream: UUID) -> list[str]:
    return [e.topic for e in logged(store) if e.originator_id == stream]
