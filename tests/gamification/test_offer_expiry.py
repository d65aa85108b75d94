"""An offer nobody answers within 24 h expires: the delayed job, its catch-up and idempotence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest
from dramatiq import Message, Worker
from dramatiq.brokers.stub import StubBroker

from aggregates.social.challenge import Challenge
from event_store.application import EventStore
from event_store.metadata import CommandContext
from jobs.challenges import expire_challenge_offer, expire_if_due
from projections.policies.challenges import OfferExpiryPolicy
from services.social import ChallengeService, SocialService
from tests.gamification.support import Desk, befriend, events
from tests.gamification.test_challenge_jobs import job_env  # noqa: F401  (fixture)
from tests.projections.conftest import safe_head
from tests.projections.support import react

OFFERED_AT = datetime.fromisoformat("2026-01-05T12:00:00+00:00")  # the SteppingClock's start


@pytest.fixture
def stub_broker() -> Iterator[StubBroker]:
    broker = StubBroker()
    broker.emit_after("process_boot")
    previous = expire_challenge_offer.broker
    expire_challenge_offer.broker = broker
    broker.declare_actor(expire_challenge_offer)
    yield broker
    expire_challenge_offer.broker = previous
    broker.flush_all()
    broker.close()


def offered(desk: Desk, social: SocialService, challenges: ChallengeService) -> tuple[UUID, UUID]:
    """alice offered bob, her friend, a challenge at the test clock's time: (challenge id, bob)."""
    alice, bob = desk.trader(f"alice{uuid4().hex[:6]}"), desk.trader(f"bob{uuid4().hex[:6]}")
    befriend(social.runner, alice, bob)
    return UUID(challenges.offer_challenge(alice, bob, 1, CommandContext(actor=str(alice))).body["challenge_id"]), bob


def expired_ids(store: EventStore) -> list[UUID]:
    return [e.originator_id for e in events(store, Challenge.Expired.TOPIC)]


def queued(broker: StubBroker) -> list[Message]:
    found = []
    while not broker.queues["challenges.DQ"].empty():
        found.append(Message.decode(broker.queues["challenges.DQ"].get_nowait()))
    return found


def test_the_expiry_is_enqueued_for_24_hours_after_the_offer(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService, stub_broker: StubBroker
) -> None:
    # Given an offer made at noon
    challenge_id, _ = offered(desk, social, challenges)
    [offer] = events(store, Challenge.Offered.TOPIC)
    policy = OfferExpiryPolicy(broker=stub_broker, now=lambda: OFFERED_AT + timedelta(hours=1))
    # When the offer-expiry policy reacts an hour later
    react(policy, offer)
    # Then one job carrying only the id waits for the 23 hours left
    [message] = queued(stub_broker)
    assert (message.actor_name, message.args) == ("expire_challenge_offer", (str(challenge_id),))
    assert message.options["eta"] - message.message_timestamp == pytest.approx(23 * 3_600_000, abs=1_000)


def test_only_unanswered_offers_are_scheduled_again_when_the_worker_starts(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    social: SocialService,
    challenges: ChallengeService,
    stub_broker: StubBroker,
) -> None:
    # Given three offers: one accepted, one declined, one unanswered
    (accepted, bob1), (declined, bob2), (open_, _) = (offered(desk, social, challenges) for _ in range(3))
    challenges.accept_challenge(bob1, accepted, CommandContext(actor=str(bob1)))
    challenges.decline_challenge(bob2, declined, CommandContext(actor=str(bob2)))
    policy = OfferExpiryPolicy(broker=stub_broker, now=lambda: OFFERED_AT + timedelta(hours=30))
    safe_head(store)  # the catch-up reads up to the safe head: other tests' transactions may hold it back
    # When the policy's worker starts (a lost Redis would have dropped every scheduled job)
    policy.open(es_env)
    policy.close()
    # Then only the unanswered one is scheduled again, overdue: due at once
    [message] = queued(stub_broker)
    assert message.args == (str(open_),)
    assert message.options["eta"] - message.message_timestamp < 1_000


def test_nothing_expires_and_the_time_left_is_returned_when_the_job_arrives_early(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService
) -> None:
    challenge_id, _ = offered(desk, social, challenges)

    left_ms = expire_if_due(store, challenge_id, clock=lambda: OFFERED_AT + timedelta(hours=23, minutes=59))

    assert left_ms == 60_000
    assert expired_ids(store) == []


def test_an_answered_offer_is_left_alone_by_its_job(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService
) -> None:
    challenge_id, bob = offered(desk, social, challenges)
    challenges.accept_challenge(bob, challenge_id, CommandContext(actor=str(bob)))

    assert expire_if_due(store, challenge_id, clock=lambda: OFFERED_AT + timedelta(days=2)) == 0

    assert expired_ids(store) == []
    assert challenges.challenge(challenge_id).status.value == "accepted"


def test_an_offer_expires_once_when_its_job_is_delivered_twice(
    store: EventStore,
    desk: Desk,
    social: SocialService,
    challenges: ChallengeService,
    stub_broker: StubBroker,
    job_env: None,  # noqa: F811
) -> None:
    # Given an offer made long ago (the test clock's noon), its expiry job sent twice
    challenge_id, bob = offered(desk, social, challenges)
    expire_challenge_offer.send(str(challenge_id))
    expire_challenge_offer.send(str(challenge_id))
    # When a worker processes the queue
    worker = Worker(stub_broker, worker_timeout=100, worker_threads=1)
    worker.start()
    try:
        stub_broker.join("challenges", fail_fast=True)
        worker.join()
    finally:
        worker.stop()
    # Then the offer expired exactly once, and bob can no longer accept it
    assert expired_ids(store) == [challenge_id]
    assert challenges.challenge(challenge_id).status.value == "expired"
