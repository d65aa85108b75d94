"""Each withdrawal settlement request becomes one on-chain settlement and its job."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from uuid import uuid4

import pytest
from psycopg import sql

from aggregates.financial.settlement import Settlement as SettlementRequest
from aggregates.onchain.settlement import Settlement, settlement_id
from event_store.application import EventStore
from event_store.metadata import metadata_of
from projections.policies.settlement import SettlementPolicy
from projections.runtime import ReadModels
from services.onchain import SUBMIT_SETTLEMENT
from tests.starknet.conftest import RECIPIENT
from tests.starknet.support import RecordingBroker, logged, read_models_for, run_until_idle


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [SettlementPolicy()]) as read_models:
        yield read_models


def test_a_settlement_request_becomes_one_onchain_settlement_and_one_job_even_when_replayed(
    es_env: dict[str, str], store: EventStore, models: ReadModels
) -> None:
    # Given a withdrawal's settlement request in the log
    user, wallet = uuid4(), uuid4()
    request = SettlementRequest.request(user, wallet, 3, Decimal("12.34"), "USD", RECIPIENT)
    store.save(request)
    broker = RecordingBroker()

    # When the settlement policy follows the log
    run_until_idle(SettlementPolicy(broker), models, es_env, store)

    # Then the on-chain settlement is requested with the withdrawal's facts, and its job enqueued
    [onchain] = logged(store, Settlement.Requested.TOPIC)
    assert onchain.originator_id == settlement_id(request.withdrawal_id)
    facts = onchain.event
    assert (facts.withdrawal_id, facts.user_id, facts.recipient, facts.amount, facts.currency) == (  # type: ignore[attr-defined]
        request.withdrawal_id,
        user,
        RECIPIENT,
        Decimal("12.34"),
        "USD",
    )
    [trigger] = logged(store, SettlementRequest.Requested.TOPIC)
    assert metadata_of(onchain.event)["causation_id"] == str(trigger.position)
    assert broker.ids(SUBMIT_SETTLEMENT) == [str(onchain.originator_id)]

    # When the policy replays the request (a crash before its tracking commit)
    with models.connect() as conn:
        conn.execute(sql.SQL("UPDATE {} SET position = 0").format(models.tracking))
    replayed = RecordingBroker()
    run_until_idle(SettlementPolicy(replayed), models, es_env, store)

    # Then still one settlement, and the job enqueued again (jobs are idempotent)
    assert len(logged(store, Settlement.Requested.TOPIC)) == 1
    assert replayed.ids(SUBMIT_SETTLEMENT) == [str(onchain.originator_id)]
