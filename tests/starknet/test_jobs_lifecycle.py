"""The Starknet jobs when unconfigured, at worker boot (catch-up), and ahead of the audit trail."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from dramatiq import Broker

from event_store.application import EventStore
from event_store.log import EventLog
from jobs import starknet
from projections.runtime import ReadModels
from services.onchain import QUEUE, SUBMIT_ANCHOR, OnchainService, unfinished
from services.trading import TradingService
from tests.projections.conftest import safe_head, wait_until
from tests.starknet.conftest import RECIPIENT
from tests.starknet.fake_node import FakeNode
from tests.starknet.support import CTX, audited_anchor, dead_letters, deposits, install, working


def test_the_jobs_are_disabled_without_crashing_when_starknet_is_not_configured(
    es_env: dict[str, str],
    store: EventStore,
    trading: TradingService,
    trail_models: ReadModels,
    service: OnchainService,
    broker: Broker,
) -> None:
    anchor_id, _ = audited_anchor(store, trading, trail_models, es_env, service)

    with install(starknet.StarknetJobs(store, trail_models, chain=None)) as disabled:
        with working(broker):
            broker.enqueue(starknet.submit_anchor.message(str(anchor_id)))
            broker.join(QUEUE, timeout=60_000)
        assert starknet.enqueue_unfinished(disabled, broker) == 0

    assert service.submission(anchor_id).status == "requested"  # waits for the catch-up once configured
    assert dead_letters(broker) == 0


def test_the_catch_up_enqueues_what_is_not_final(
    es_env: dict[str, str],
    store: EventStore,
    trading: TradingService,
    trail_models: ReadModels,
    service: OnchainService,
    broker: Broker,
    node: FakeNode,
    jobs: starknet.StarknetJobs,
) -> None:
    anchor_id, _ = audited_anchor(store, trading, trail_models, es_env, service)
    service.request_settlement(uuid4(), uuid4(), RECIPIENT, Decimal("1.00"), "USD", CTX)
    safe_head(store)  # the catch-up reads the log up to its safe head

    assert starknet.enqueue_unfinished(jobs, broker) == 2
    with working(broker):
        # Waited for, not only joined: RabbitMQ's join does not count the jobs a worker holds (unacked)
        wait_until(lambda: service.submission(anchor_id).status == "accepted" and len(node.sent()) == 2, timeout=60)
        broker.join(QUEUE, timeout=60_000)

    assert service.submission(anchor_id).status == "accepted"
    assert len(node.sent()) == 2 and starknet.enqueue_unfinished(jobs, broker) == 0


def test_the_catch_up_sends_only_the_newest_unfinished_anchor(
    store: EventStore, trading: TradingService, service: OnchainService
) -> None:
    deposits(store, trading, 3)
    older, newer = (UUID(service.request_anchor(a, b, CTX).body["anchor_id"]) for a, b in ((1, 5), (6, 9)))
    safe_head(store)

    assert unfinished(EventLog(store)) == [(SUBMIT_ANCHOR, newer)]
    assert older != newer


def test_an_anchor_waits_when_the_audit_trail_has_not_reached_its_end(
    store: EventStore, trading: TradingService, service: OnchainService, jobs: starknet.StarknetJobs
) -> None:
    deposits(store, trading, 1)
    anchor_id = UUID(service.request_anchor(1, EventLog(store).last_position(), CTX).body["anchor_id"])

    with pytest.raises(starknet.AuditBehind):
        jobs.submit(anchor_id)
    assert service.submission(anchor_id).status == "requested"
