"""Challenges on real PostgreSQL: closes inside the window count, the winner gets +50 XP, once."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from aggregates.gamification.progression import Progression
from aggregates.social.challenge import Challenge
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.policies.challenges import ChallengeScoringPolicy
from projections.policies.progression import ProgressionPolicy
from projections.runtime import ReadModels
from services.social import ChallengeService, SocialService
from tests.gamification.support import Desk, befriend, events, policies_running, reset_tracking, settle
from tests.support import SteppingClock

NAMES = (ChallengeScoringPolicy.name, ProgressionPolicy.name)


def both_policies(models: ReadModels, es_env: dict[str, str], store: EventStore) -> None:
    with policies_running(models, es_env, ChallengeScoringPolicy(), ProgressionPolicy()):
        settle(models, store, *NAMES)


def accepted_challenge(
    social: SocialService, challenges: ChallengeService, alice: UUID, bob: UUID, hours: int = 1
) -> UUID:
    befriend(social.runner, alice, bob)
    challenge_id = UUID(
        challenges.offer_challenge(alice, bob, hours, CommandContext(actor=str(alice))).body["challenge_id"]
    )
    challenges.accept_challenge(bob, challenge_id, CommandContext(actor=str(bob)))
    return challenge_id


def test_winner_gets_50_xp_when_they_booked_more_net_pnl_inside_the_window(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
    challenges: ChallengeService,
) -> None:
    # Given alice closed once before the challenge, which bob then accepted for one hour
    alice, bob = desk.trader("alice"), desk.trader("bob")
    desk.round_trip(alice, "50000", "40000")  # before the window: does not count
    clock.advance(minutes=5)
    challenge_id = accepted_challenge(social, challenges, alice, bob)
    # When, inside the window, alice books +8.99 and bob −11.01, and bob +8.99 after it
    desk.round_trip(alice, "50000", "51000")
    desk.round_trip(bob, "50000", "51000", side="short")
    clock.advance(hours=1)
    desk.round_trip(bob, "50000", "51000")
    challenges.end_challenge(challenge_id, CommandContext(actor="job:test"))
    both_policies(policy_models, es_env, store)

    # Then only the window's closes were recorded, and alice won
    recorded = [(e.event.user_id, e.event.net_pnl) for e in events(store, Challenge.PnLRecorded.TOPIC)]  # type: ignore[attr-defined]
    assert recorded == [(alice, Decimal("8.99")), (bob, Decimal("-11.01"))]
    [decided] = events(store, Challenge.Decided.TOPIC)
    assert (decided.event.winner_id, decided.event.challenger_pnl, decided.event.opponent_pnl) == (  # type: ignore[attr-defined]
        alice,
        Decimal("8.99"),
        Decimal("-11.01"),
    )
    [ended] = events(store, Challenge.Ended.TOPIC)
    assert decided.metadata["causation_id"] == str(ended.position)
    # And alice earned +50 XP for the win
    wins = [e.event for e in events(store, Progression.XPAwarded.TOPIC) if e.event.challenge_id]  # type: ignore[attr-defined]
    assert [(w.user_id, w.xp, w.challenge_bonus, w.challenge_id) for w in wins] == [(alice, 50, 50, challenge_id)]  # type: ignore[attr-defined]
    # And the challenge left both rosters
    assert challenges.challenge(challenge_id).status.value == "decided"


def test_nobody_earns_xp_when_the_challenge_ends_in_a_tie(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
    challenges: ChallengeService,
) -> None:
    alice, bob = desk.trader("alice"), desk.trader("bob")
    challenge_id = accepted_challenge(social, challenges, alice, bob)
    clock.advance(hours=1)
    challenges.end_challenge(challenge_id, CommandContext(actor="job:test"))

    both_policies(policy_models, es_env, store)

    [decided] = events(store, Challenge.Decided.TOPIC)
    assert decided.event.winner_id is None  # type: ignore[attr-defined]
    assert events(store, Progression.XPAwarded.TOPIC) == []


def test_pnl_and_the_win_are_recorded_once_when_the_policies_are_replayed_from_zero(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
    challenges: ChallengeService,
) -> None:
    alice, bob = desk.trader("alice"), desk.trader("bob")
    challenge_id = accepted_challenge(social, challenges, alice, bob, hours=2)
    desk.round_trip(bob, "50000", "51000")
    clock.advance(hours=2)
    challenges.end_challenge(challenge_id, CommandContext(actor="job:test"))
    both_policies(policy_models, es_env, store)
    topics = (Challenge.PnLRecorded.TOPIC, Challenge.Decided.TOPIC, Progression.XPAwarded.TOPIC)
    before = [e.position for e in events(store, *topics)]
    assert len(before) == 4  # bob's P&L, the decision, bob's close XP and bob's win

    reset_tracking(policy_models, NAMES)
    both_policies(policy_models, es_env, store)

    assert [e.position for e in events(store, *topics)] == before


def test_a_close_counts_for_nothing_when_it_is_after_the_window(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
    challenges: ChallengeService,
) -> None:
    alice, bob = desk.trader("alice"), desk.trader("bob")
    accepted_challenge(social, challenges, alice, bob)
    clock.advance(hours=1, seconds=-30)
    desk.round_trip(alice, "50000", "51000")  # opened inside, closed 30 s after the end

    both_policies(policy_models, es_env, store)

    assert events(store, Challenge.PnLRecorded.TOPIC) == []


def test_a_partly_closed_position_counts_its_whole_realized_pnl_at_its_final_close(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
    challenges: ChallengeService,
) -> None:
    alice, bob = desk.trader("alice"), desk.trader("bob")
    accepted_challenge(social, challenges, alice, bob)
    # alice: long 0.02 at 50,000 (5x); half closed at 51,000, the rest at 52,000
    desk.price("50000")
    position = desk.open(alice, quantity="0.02")
    clock.advance(minutes=1)
    desk.price("51000")
    part = desk.trading.close_position(alice, position, desk.ctx(alice), quantity=Decimal("0.01")).body
    desk.price("52000")
    rest = desk.close(alice, position)
    both_policies(policy_models, es_env, store)
    recorded = [(e.event.user_id, e.event.net_pnl) for e in events(store, Challenge.PnLRecorded.TOPIC)]  # type: ignore[attr-defined]
    # 10.00 − 0.50 − 0.51 on the part, 20.00 − 0.50 − 0.52 on the rest
    assert (Decimal(part["net_pnl"]), Decimal(rest["net_pnl"])) == (Decimal("8.99"), Decimal("18.98"))
    assert recorded == [(alice, Decimal("27.97"))]
