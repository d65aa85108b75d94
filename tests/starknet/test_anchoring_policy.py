"""The anchoring policy asks for one anchor per N events or T seconds, and enqueues its job."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from aggregates.onchain.anchor import Anchor
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.policies.anchoring import AnchoringPolicy, Cadence
from projections.runtime import ReadModels
from services.onchain import QUEUE, SUBMIT_ANCHOR
from services.trading import TradingService
from tests.starknet.support import RecordingBroker, deposits, logged, read_models_for, run_until_idle


class Crash(Exception):
    """The worker died before committing its tracking position."""


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [AnchoringPolicy()]) as read_models:
        yield read_models


def _ranges(store: EventStore) -> list[tuple[int, int]]:
    return [
        (e.event.from_position, e.event.to_position)  # type: ignore[attr-defined]
        for e in logged(store, Anchor.Requested.TOPIC)
    ]


def test_an_anchor_covers_each_n_events_and_its_job_is_enqueued_when_its_request_is_read(
    es_env: dict[str, str], store: EventStore, trading: TradingService, models: ReadModels
) -> None:
    # Given 13 events (a wallet and 12 deposits)
    deposits(store, trading, 12)
    positions = [e.position for e in logged(store)]
    broker = RecordingBroker()

    # When the policy follows the log, anchoring every 5 events
    run_until_idle(AnchoringPolicy(broker, Cadence(every_events=5, every_seconds=3600)), models, es_env, store)

    # Then two contiguous ranges, ending at the 5th and the 10th event; one job each
    assert _ranges(store) == [(1, positions[4]), (positions[4] + 1, positions[9])]
    requested = [str(e.originator_id) for e in logged(store, Anchor.Requested.TOPIC)]
    assert broker.ids(SUBMIT_ANCHOR) == requested
    assert {(m.queue_name, m.actor_name) for m in broker.sent} == {(QUEUE, SUBMIT_ANCHOR)}


def test_each_range_is_requested_once_when_the_worker_died_after_reacting(
    es_env: dict[str, str], store: EventStore, trading: TradingService, models: ReadModels
) -> None:
    # Given a batch reacted to (its commands committed) but never tracked: the worker died
    deposits(store, trading, 12)
    cadence = Cadence(every_events=5, every_seconds=3600)
    dying = AnchoringPolicy(RecordingBroker(), cadence)
    dying.open(es_env)
    try:
        with models.connect() as conn, pytest.raises(Crash), conn.transaction(), conn.cursor() as cur:
            dying.apply_batch(cur, models.tables_for(dying), logged(store))
            raise Crash
    finally:
        dying.close()
    assert len(_ranges(store)) == 2

    # When a worker replays the log from the tracked position
    broker = RecordingBroker()
    run_until_idle(AnchoringPolicy(broker, cadence), models, es_env, store)

    # Then the same two ranges, requested once each; their jobs enqueued (again: jobs are idempotent)
    assert len(_ranges(store)) == 2
    assert sorted(set(broker.ids(SUBMIT_ANCHOR))) == sorted(
        str(e.originator_id) for e in logged(store, Anchor.Requested.TOPIC)
    )


def test_an_anchor_is_requested_when_t_seconds_passed_since_the_last(
    es_env: dict[str, str], store: EventStore, trading: TradingService, clock, models: ReadModels
) -> None:
    owner = deposits(store, trading, 0)  # the wallet opens at t0
    for seconds in (30, 31, 39):  # deposits at t0+30, t0+61 (due), t0+100 (39 s after the request)
        clock.advance(seconds=seconds)
        trading.deposit(owner, Decimal("1.00"), "USD", CommandContext(correlation_id="c"))
    positions = [e.position for e in logged(store)]

    run_until_idle(
        AnchoringPolicy(RecordingBroker(), Cadence(every_events=1000, every_seconds=60)), models, es_env, store
    )

    assert _ranges(store) == [(1, positions[2])]


def test_onchain_events_are_anchored_but_never_trigger_an_anchor(
    es_env: dict[str, str], store: EventStore, trading: TradingService, models: ReadModels
) -> None:
    # Given 4 events, and a cadence that makes every event due
    deposits(store, trading, 3)
    positions = [e.position for e in logged(store)]

    run_until_idle(AnchoringPolicy(RecordingBroker(), Cadence(every_events=1, every_seconds=0)), models, es_env, store)

    # Then one anchor per event of ours, none for the policy's own requests
    assert _ranges(store) == [(1, positions[0])] + [(a + 1, b) for a, b in zip(positions, positions[1:], strict=False)]
