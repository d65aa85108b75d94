"""Challenge expiry: the delayed dramatiq job, its catch-up and idempotence (stub, real Redis and RabbitMQ)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import psycopg
import pytest
from dramatiq import Broker, Message, Worker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from aggregates.social.challenge import Challenge
from event_store.application import EventStore
from event_store.metadata import CommandContext
from jobs.challenges import end_challenge, end_if_due
from projections.policies.challenges import ChallengeExpiryPolicy, ChallengeScoringPolicy
from projections.policies.job_broker import broker_for
from projections.runtime import ReadModels
from services.social import ChallengeService, SocialService
from tests.gamification.support import Desk, befriend, events, policies_running, settle
from tests.job_brokers import BROKERS, dispose, job_broker_for
from tests.projections.support import react
from tests.support import TEST_DATABASE_URL, SteppingClock

ACCEPTED_AT = datetime.fromisoformat("2026-01-05T12:00:00+00:00")  # the SteppingClock's start


@contextmanager
def actor_on(broker: Broker) -> Iterator[Broker]:
    """Bind the module-level actor to ``broker`` for the duration of the block."""
    previous = end_challenge.broker
    end_challenge.broker = broker
    broker.declare_actor(end_challenge)
    try:
        yield broker
    finally:
        end_challenge.broker = previous


@pytest.fixture
def stub_broker() -> Iterator[StubBroker]:
    broker = StubBroker()
    broker.emit_after("process_boot")
    with actor_on(broker):
        yield broker
    broker.flush_all()
    broker.close()


@pytest.fixture
def real_broker(broker_kind: str, broker_urls: tuple[str, str | None]) -> Iterator[Broker]:
    """A real broker of each kind (JOBS_BROKER: Redis, RabbitMQ), of this test's own."""
    broker = job_broker_for(broker_kind, *broker_urls)
    broker.emit_after("process_boot")
    with actor_on(broker):
        yield broker
    dispose(broker)


@pytest.fixture
def job_env(monkeypatch: pytest.MonkeyPatch, es_env: dict[str, str]) -> None:
    """What the job worker's Settings read: this test's database schema."""
    monkeypatch.setenv("ASTRATRADE_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", TEST_DATABASE_URL)
    monkeypatch.setenv("DATABASE_SCHEMA", es_env["POSTGRES_SCHEMA"])


def accepted(desk: Desk, social: SocialService, challenges: ChallengeService, hours: int = 1) -> UUID:
    """alice challenged bob, who accepted at the test clock's time (long past in real time)."""
    alice, bob = desk.trader(f"alice{uuid4().hex[:6]}"), desk.trader(f"bob{uuid4().hex[:6]}")
    befriend(social.runner, alice, bob)
    challenge_id = UUID(challenges.offer_challenge(alice, bob, hours, CommandContext()).body["challenge_id"])
    challenges.accept_challenge(bob, challenge_id, CommandContext(actor=str(bob)))
    return challenge_id


def ended_ids(store: EventStore) -> list[UUID]:
    return [e.originator_id for e in events(store, Challenge.Ended.TOPIC)]


def queued(broker: StubBroker, queue: str) -> list[Message]:
    found = []
    while not broker.queues[queue].empty():
        found.append(Message.decode(broker.queues[queue].get_nowait()))
    return found


def test_end_is_enqueued_with_the_time_left_as_delay_when_a_challenge_is_accepted(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService, stub_broker: StubBroker
) -> None:
    # Given bob accepted a one-hour challenge at noon
    challenge_id = accepted(desk, social, challenges)
    [accept] = events(store, Challenge.Accepted.TOPIC)
    policy = ChallengeExpiryPolicy(broker=stub_broker, now=lambda: ACCEPTED_AT + timedelta(minutes=10))

    # When the expiry policy reacts, ten minutes later
    react(policy, accept)

    # Then one end_challenge job carrying only the id waits on the delay queue for the 50 minutes left
    [message] = queued(stub_broker, "challenges.DQ")
    assert (message.actor_name, message.args) == ("end_challenge", (str(challenge_id),))
    assert message.options["eta"] - message.message_timestamp == pytest.approx(50 * 60_000, abs=1_000)


def test_unended_challenges_are_scheduled_again_when_the_expiry_worker_starts(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    social: SocialService,
    challenges: ChallengeService,
    stub_broker: StubBroker,
) -> None:
    # Given two accepted challenges, one of which already ended
    pending, done = accepted(desk, social, challenges), accepted(desk, social, challenges)
    clock.advance(hours=2)
    challenges.end_challenge(done, CommandContext(actor="job:test"))
    policy = ChallengeExpiryPolicy(broker=stub_broker, now=lambda: ACCEPTED_AT + timedelta(hours=5))

    # When the policy's worker starts (a lost Redis would have dropped every scheduled job)
    policy.open(es_env)
    policy.close()

    # Then only the one never ended is scheduled again, due at once
    [message] = queued(stub_broker, "challenges.DQ")
    assert message.args == (str(pending),)
    assert message.options["eta"] - message.message_timestamp < 1_000


def test_a_challenge_ends_once_when_its_job_is_delivered_twice(
    store: EventStore,
    desk: Desk,
    social: SocialService,
    challenges: ChallengeService,
    stub_broker: StubBroker,
    job_env: None,
) -> None:
    # Given a challenge whose window is over, and its job sent twice (dramatiq delivers at least once)
    challenge_id = accepted(desk, social, challenges)
    end_challenge.send(str(challenge_id))
    end_challenge.send(str(challenge_id))

    # When a worker processes the queue
    worker = Worker(stub_broker, worker_timeout=100, worker_threads=1)
    worker.start()
    try:
        stub_broker.join("challenges", fail_fast=True)
        worker.join()
    finally:
        worker.stop()

    # Then the challenge ended exactly once
    assert ended_ids(store) == [challenge_id]


def test_the_time_left_is_returned_and_nothing_ends_when_the_job_arrives_early(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService
) -> None:
    challenge_id = accepted(desk, social, challenges)

    left_ms = end_if_due(store, challenge_id, clock=lambda: ACCEPTED_AT + timedelta(minutes=59, seconds=30))

    assert left_ms == 30_000
    assert ended_ids(store) == []


@pytest.mark.parametrize("kind", BROKERS)
def test_the_event_is_retried_not_parked_when_the_broker_is_down(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService, kind: str
) -> None:
    accepted(desk, social, challenges)
    [accept] = events(store, Challenge.Accepted.TOPIC)
    unreachable = (
        RedisBroker(url="redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
        if kind == "redis"
        else broker_for("rabbitmq", "", "amqp://guest:guest@127.0.0.1:1/")
    )
    policy = ChallengeExpiryPolicy(broker=unreachable)

    # The projection runtime treats psycopg.OperationalError as transient: it reconnects and replays.
    with pytest.raises(psycopg.OperationalError, match="cannot schedule"):
        react(policy, accept)


def test_challenges_end_and_are_decided_when_their_delayed_jobs_run_on_a_real_worker(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    social: SocialService,
    challenges: ChallengeService,
    policy_models: ReadModels,
    real_broker: Broker,
    job_env: None,
) -> None:
    broker = real_broker  # Redis or RabbitMQ
    # Given two accepted one-hour challenges; bob books a profit inside the first one
    first, second = accepted(desk, social, challenges), accepted(desk, social, challenges)
    opponent = challenges.challenge(first).opponent_id
    desk.round_trip(opponent, "50000", "51000")
    # And an expiry policy that believes 1.5 s are left in both windows
    expiry = ChallengeExpiryPolicy(broker=broker, now=lambda: ACCEPTED_AT + timedelta(hours=1, seconds=-1.5))
    before_scheduling = datetime.now(UTC)

    # When the expiry policy runs (its start-up catch-up and its reactions both schedule each
    # challenge: four jobs for two challenges), then a real dramatiq worker on the broker
    with policies_running(policy_models, es_env, expiry):
        settle(policy_models, store, ChallengeExpiryPolicy.name)
    worker = Worker(broker, worker_timeout=100, worker_threads=2)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while len(ended_ids(store)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        broker.join("challenges", timeout=10_000)
    finally:
        worker.stop()

    # Then each challenge ended exactly once (stamped by the job's wall clock), no sooner than its delay
    ends = events(store, Challenge.Ended.TOPIC)
    assert sorted(e.originator_id for e in ends) == sorted([first, second])
    assert all(e.timestamp >= before_scheduling + timedelta(seconds=1.5) for e in ends)
    # And the scoring policy decided both from the log: bob won the first, the second is a tie
    with policies_running(policy_models, es_env, ChallengeScoringPolicy()):
        settle(policy_models, store, ChallengeScoringPolicy.name)
    winners = {e.originator_id: e.event.winner_id for e in events(store, Challenge.Decided.TOPIC)}  # type: ignore[attr-defined]
    assert winners == {first: opponent, second: None}
