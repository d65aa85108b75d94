"""The Starknet jobs on a real dramatiq worker, on real Redis, against a local JSON-RPC node."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

from dramatiq import Broker
from starknet_py.hash.selector import get_selector_from_name

from contracts.digest import anchor_digest
from event_store.application import EventStore
from jobs import starknet
from projections.anchors.projection import AnchorsProjection
from projections.anchors.view import anchors
from projections.audit.projection import AuditProjection
from projections.audit.view import chain_head
from projections.runtime import ReadModels
from services.onchain import QUEUE, OnchainService
from services.trading import TradingService
from tests.projections.conftest import wait_until
from tests.starknet.conftest import ANCHOR_ADDRESS, RECIPIENT, VAULT_ADDRESS
from tests.starknet.fake_node import FakeNode
from tests.starknet.support import CTX, audited_anchor, dead_letters, run_until_idle, topics_of, working


def _anchor_row(models: ReadModels, es_env: dict[str, str], store: EventStore) -> dict:
    run_until_idle(AnchorsProjection(), models, es_env, store)
    with models.connect() as conn:
        [row] = anchors(conn, models.tables_for(AnchorsProjection))
    return row


def test_one_transaction_is_sent_when_the_anchoring_job_runs_twice_for_the_same_range(
    es_env: dict[str, str],
    store: EventStore,
    trading: TradingService,
    trail_models: ReadModels,
    service: OnchainService,
    broker: Broker,
    node: FakeNode,
    jobs: starknet.StarknetJobs,
) -> None:
    # Given an anchor requested for the audited log
    anchor_id, last = audited_anchor(store, trading, trail_models, es_env, service)

    # When its job is enqueued twice on a real worker
    with working(broker):
        for _ in range(2):
            broker.enqueue(starknet.submit_anchor.message(str(anchor_id)))
        wait_until(lambda: service.submission(anchor_id).status == "accepted", timeout=60)
        broker.join(QUEUE, timeout=60_000)

    # Then one transaction, carrying the range and the digest of the audit chain head at its end
    with trail_models.connect() as conn:
        head = chain_head(conn, trail_models.tables_for(AuditProjection), upto=last)
    assert head is not None and head[1] == last
    digest = anchor_digest(1, last, head[2])
    [sent] = node.sent()
    assert sent["calldata"] == [
        hex(v) for v in (1, ANCHOR_ADDRESS, get_selector_from_name("anchor"), 3, 1, last, digest)
    ]
    anchor = service.submission(anchor_id)
    assert (anchor.digest, anchor.head_hash, int(anchor.tx_hash or "0", 16)) == (  # type: ignore[attr-defined]
        hex(digest),
        "0x" + head[2].hex(),
        next(iter(node.transactions)),
    )
    assert topics_of(store, anchor_id) == [
        "onchain.Anchor.Requested",
        "onchain.Anchor.Signed",
        "onchain.Anchor.Submitted",
        "onchain.Anchor.Accepted",
    ]
    assert dead_letters(broker) == 0

    # And the anchors read model shows it credited
    row = _anchor_row(trail_models, es_env, store)
    assert (row["first_position"], row["last_position"], row["status"], row["credited"], row["digest"]) == (
        1,
        last,
        "accepted",
        True,
        hex(digest),
    )


def test_a_reverted_anchor_is_recorded_as_rejected_and_never_credited(
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
    node.execution_status = "REVERTED"

    with working(broker):
        broker.enqueue(starknet.submit_anchor.message(str(anchor_id)))
        wait_until(lambda: service.submission(anchor_id).status == "rejected", timeout=60)
        broker.join(QUEUE, timeout=60_000)

    assert "range already anchored" in (service.submission(anchor_id).reason or "")
    assert "onchain.Anchor.Accepted" not in topics_of(store, anchor_id)
    row = _anchor_row(trail_models, es_env, store)
    assert (row["status"], row["credited"]) == ("rejected", False)


def test_a_withdrawal_is_settled_by_the_vault_through_the_same_path(
    service: OnchainService, broker: Broker, node: FakeNode, jobs: starknet.StarknetJobs
) -> None:
    withdrawal = uuid4()
    settlement_id = UUID(
        service.request_settlement(withdrawal, uuid4(), RECIPIENT, Decimal("12.34"), "USD", CTX).body["settlement_id"]
    )

    with working(broker):
        broker.enqueue(starknet.submit_settlement.message(str(settlement_id)))
        wait_until(lambda: service.submission(settlement_id).status == "accepted", timeout=60)

    [sent] = node.sent()
    assert sent["calldata"] == [
        hex(v)
        for v in (
            1,
            VAULT_ADDRESS,
            get_selector_from_name("settle_withdrawal"),
            4,
            int(RECIPIENT, 16),
            12_340_000,
            0,
            withdrawal.int,
        )
    ]


def test_a_job_is_dead_lettered_when_its_transaction_never_becomes_final(
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
    node.pending_polls = 10**6

    with working(broker):
        broker.enqueue(starknet.submit_anchor.message(str(anchor_id)))
        wait_until(lambda: dead_letters(broker) == 1, timeout=90)

    assert service.submission(anchor_id).status == "submitted"  # sent, never credited
    assert len(node.sent()) == 1
