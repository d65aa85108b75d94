"""From the log to the chain: the anchoring policy enqueues on real Redis, a real worker anchors."""

from __future__ import annotations

from dramatiq import Broker

from aggregates.onchain.anchor import Anchor
from event_store.application import EventStore
from jobs import starknet
from projections.audit.projection import AuditProjection
from projections.policies.anchoring import AnchoringPolicy, Cadence
from projections.runtime import ReadModels, migrate
from services.onchain import QUEUE, OnchainService
from services.trading import TradingService
from tests.projections.conftest import wait_until
from tests.starknet.fake_node import FakeNode
from tests.starknet.support import deposits, logged, run_until_idle, working


def test_the_log_is_anchored_on_chain_when_the_policy_and_a_worker_run(
    es_env: dict[str, str],
    store: EventStore,
    trading: TradingService,
    trail_models: ReadModels,
    service: OnchainService,
    broker: Broker,
    node: FakeNode,
    jobs: starknet.StarknetJobs,
) -> None:
    # Given 4 events and their audit trail
    deposits(store, trading, 3)
    run_until_idle(AuditProjection(), trail_models, es_env, store)
    positions = [e.position for e in logged(store)]

    # When the anchoring policy follows the log (every 3 events), enqueueing on Redis, and a worker runs
    policy = AnchoringPolicy(broker, Cadence(every_events=3, every_seconds=3600))
    migrate(trail_models, [policy])
    run_until_idle(policy, trail_models, es_env, store)
    [requested] = logged(store, Anchor.Requested.TOPIC)
    with working(broker):
        wait_until(lambda: service.submission(requested.originator_id).status == "accepted", timeout=60)
        broker.join(QUEUE, timeout=60_000)

    # Then the first three events are anchored by one transaction
    anchor = service.submission(requested.originator_id)
    assert (anchor.from_position, anchor.to_position) == (1, positions[2])  # type: ignore[attr-defined]
    assert len(node.sent()) == 1
