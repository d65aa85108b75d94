"""The progression policy on real PostgreSQL: exact XP from real trading histories, once only."""

from __future__ import annotations

from uuid import UUID

import pytest

from aggregates.gamification.progression import Progression
from aggregates.trading.position import Position
from event_store.application import EventStore
from event_store.log import LoggedEvent
from event_store.metadata import CommandContext
from projections.policies.challenges import ChallengeExpiryPolicy, ChallengeScoringPolicy
from projections.policies.progression import ProgressionPolicy
from projections.runtime import ReadModels, RebuildFailed, rebuild
from services.social import SocialService
from tests.gamification.support import Desk, befriend, events, policies_running, reset_tracking, settle
from tests.support import SteppingClock

NAME = ProgressionPolicy.name
XP, ACHIEVEMENT = Progression.XPAwarded.TOPIC, Progression.AchievementUnlocked.TOPIC


def scored(models: ReadModels, es_env: dict[str, str], store: EventStore) -> None:
    with policies_running(models, es_env, ProgressionPolicy()):
        settle(models, store, NAME)


def awards_of(store: EventStore, user_id: UUID) -> list[tuple[int, int, int, int, int]]:
    """(xp, return_bonus, streak_bonus, xp_total, streak) of each XPAwarded of the user, in order."""
    found = [e.event for e in events(store, XP) if e.event.user_id == user_id]  # type: ignore[attr-defined]
    return [(e.xp, e.return_bonus, e.streak_bonus, e.xp_total, e.streak) for e in found]  # type: ignore[attr-defined]


def achievements_of(store: EventStore, user_id: UUID) -> list[str]:
    return [e.event.achievement for e in events(store, ACHIEVEMENT) if e.event.user_id == user_id]  # type: ignore[attr-defined]


def test_23_xp_first_trade_and_first_profit_when_a_profitable_close_is_scored(
    es_env: dict[str, str], store: EventStore, desk: Desk, clock: SteppingClock, policy_models: ReadModels
) -> None:
    # Given alice went long 0.01 BTC at 50000 with 5x (margin 100.00) and closed at 51000 (net 8.99)
    alice = desk.trader("alice")
    position_id = desk.round_trip(alice, "50000", "51000")

    # When the progression policy follows the log
    scored(policy_models, es_env, store)

    # Then 10 + 8 (8.99 % of margin) + 5 (day 1 of a streak) = 23 XP, level 1
    assert awards_of(store, alice) == [(23, 8, 5, 23, 1)]
    assert achievements_of(store, alice) == ["first_trade", "first_profit"]
    # And the award is stamped with the close's time and caused by the close event
    [award] = events(store, XP)
    [close] = events(store, Position.Closed.TOPIC)
    assert (award.event.position_id, award.timestamp) == (position_id, close.timestamp)  # type: ignore[attr-defined]
    assert_caused_by(award, close)


def test_15_xp_and_no_first_profit_when_a_losing_close_is_scored(
    es_env: dict[str, str], store: EventStore, desk: Desk, policy_models: ReadModels
) -> None:
    # Given alice shorted at 50000 and closed at 51000: net −11.01
    alice = desk.trader("alice")
    desk.round_trip(alice, "50000", "51000", side="short")

    scored(policy_models, es_env, store)

    # Then 10 + 0 (no positive return) + 5 (streak day 1)
    assert awards_of(store, alice) == [(15, 0, 5, 15, 1)]
    assert achievements_of(store, alice) == ["first_trade"]


def test_streak_bonus_grows_daily_and_restarts_after_a_gap_when_closing_over_several_days(
    es_env: dict[str, str], store: EventStore, desk: Desk, clock: SteppingClock, policy_models: ReadModels
) -> None:
    alice = desk.trader("alice")
    desk.round_trip(alice, "50000", "51000")  # Monday, profitable: 10 + 8 + 5
    desk.round_trip(alice, "51000", "50000")  # Monday again, losing: 10
    clock.advance(days=1)
    desk.round_trip(alice, "50000", "49000")  # Tuesday: 10 + 10
    clock.advance(days=1)
    desk.round_trip(alice, "49000", "48000")  # Wednesday: 10 + 15
    clock.advance(days=2)
    desk.round_trip(alice, "48000", "47000")  # Friday, after a gap: 10 + 5

    scored(policy_models, es_env, store)

    assert awards_of(store, alice) == [
        (23, 8, 5, 23, 1),
        (10, 0, 0, 33, 1),
        (20, 0, 10, 53, 2),
        (25, 0, 15, 78, 3),
        (15, 0, 5, 93, 1),
    ]
    days = [e.event.day for e in events(store, XP)]  # type: ignore[attr-defined]
    assert days == ["2026-01-05", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-09"]


def test_achievements_and_xp_are_awarded_once_when_the_policy_is_replayed_from_zero(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
) -> None:
    # Given alice traded twice, founded a clan, and the policy scored it all
    alice = desk.trader("alice")
    desk.round_trip(alice, "50000", "51000")
    desk.round_trip(alice, "51000", "52000")
    social.found_clan(alice, "Moon Cats", CommandContext(actor=str(alice)))
    scored(policy_models, es_env, store)
    before = (awards_of(store, alice), achievements_of(store, alice))
    assert before[1] == ["first_trade", "first_profit", "clan_founder"]

    # When the policy replays everything from position 0
    reset_tracking(policy_models, [NAME])
    scored(policy_models, es_env, store)

    # Then nothing more was awarded or unlocked
    assert (awards_of(store, alice), achievements_of(store, alice)) == before


def test_no_xp_and_no_leaderboard_pnl_when_closed_within_a_second_of_opening(
    es_env: dict[str, str], store: EventStore, desk: Desk, policy_models: ReadModels
) -> None:
    alice = desk.trader("alice")
    desk.round_trip(alice, "50000", "51000", held_minutes=0.99 / 60)

    scored(policy_models, es_env, store)

    [award] = [e.event for e in events(store, XP)]
    assert (award.xp, award.flag, award.counts_for_leaderboard) == (0, "instant_close", False)  # type: ignore[attr-defined]
    assert achievements_of(store, alice) == ["first_trade"]


def test_no_xp_and_no_leaderboard_pnl_when_held_59_seconds_of_the_60_required(
    es_env: dict[str, str], store: EventStore, desk: Desk, policy_models: ReadModels
) -> None:
    # Given alice held a 500.00 position 59 s (issue 12: positions held 1.2 s farmed 305 XP)
    alice = desk.trader("alice")
    desk.round_trip(alice, "50000", "51000", held_minutes=59 / 60)

    scored(policy_models, es_env, store)

    [award] = [e.event for e in events(store, XP)]
    assert (award.xp, award.flag, award.counts_for_leaderboard) == (0, "instant_close", False)  # type: ignore[attr-defined]


def small_round_trip(desk: Desk, clock: SteppingClock, user_id: UUID, held_seconds: float) -> None:
    """0.001 BTC at 50000 (notional 50.00: above the open minimum, below the XP minimum), closed at 51000."""
    desk.price("50000")
    position_id = desk.open(user_id, quantity="0.001", leverage=1)
    clock.advance(seconds=held_seconds)
    desk.price("51000")
    desk.close(user_id, position_id)


def test_no_xp_no_achievement_and_no_leaderboard_pnl_when_the_position_is_below_the_xp_minimum_notional(
    es_env: dict[str, str], store: EventStore, desk: Desk, clock: SteppingClock, policy_models: ReadModels
) -> None:
    alice = desk.trader("alice")
    for _ in range(10):  # ten profitable closes, each held 5 minutes
        small_round_trip(desk, clock, alice, held_seconds=300)

    scored(policy_models, es_env, store)

    farmed = {(e.event.xp, e.event.flag, e.event.counts_for_leaderboard) for e in events(store, XP)}  # type: ignore[attr-defined]
    assert farmed == {(0, "below_minimum", False)}
    assert achievements_of(store, alice) == []  # not first_trade, first_profit nor ten_trades: badges are sellable


def test_a_small_short_hold_earns_xp_when_the_thresholds_are_lowered_in_the_environment(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a demo's thresholds: notional ≥ 10.00, held ≥ 2 s
    monkeypatch.setenv("XP_MIN_NOTIONAL", "10.00")
    monkeypatch.setenv("XP_MIN_HOLD_SECONDS", "2")
    alice = desk.trader("alice")
    small_round_trip(desk, clock, alice, held_seconds=2)

    scored(policy_models, es_env, store)

    # Then 10 + 1 (net 0.89 on margin 50.00) + 5 (streak day 1), and the achievements
    assert awards_of(store, alice) == [(16, 1, 5, 16, 1)]
    assert achievements_of(store, alice) == ["first_trade", "first_profit"]


def test_no_xp_for_either_leg_when_friends_open_a_hedged_pair(
    es_env: dict[str, str],
    store: EventStore,
    desk: Desk,
    clock: SteppingClock,
    policy_models: ReadModels,
    social: SocialService,
) -> None:
    # Given alice and bob are friends, and carol is nobody's friend
    alice, bob, carol = desk.trader("alice"), desk.trader("bob"), desk.trader("carol")
    befriend(social.runner, alice, bob)
    # When alice goes long and, 5 s later, bob and carol short the same size, and all close later
    desk.price("50000")
    legs = {alice: desk.open(alice, "long")}
    clock.advance(seconds=5)
    legs |= {bob: desk.open(bob, "short"), carol: desk.open(carol, "short")}
    clock.advance(minutes=5)
    desk.price("51000")
    for owner, position in legs.items():
        desk.close(owner, position)
    scored(policy_models, es_env, store)

    # Then the friends' legs earn nothing and leave the leaderboards; carol's counts
    flags = {
        e.event.user_id: (e.event.xp, e.event.flag, e.event.counts_for_leaderboard)  # type: ignore[attr-defined]
        for e in events(store, XP)
    }
    assert flags[alice] == (0, "mirror_trade", False)
    assert flags[bob] == (0, "mirror_trade", False)
    assert flags[carol] == (15, None, True)


def test_clan_founder_is_unlocked_once_when_a_user_founds_two_clans(
    es_env: dict[str, str], store: EventStore, desk: Desk, policy_models: ReadModels, social: SocialService
) -> None:
    alice = desk.trader("alice")
    clan = social.found_clan(alice, "Moon Cats", CommandContext(actor=str(alice))).body["clan_id"]
    social.leave_clan(alice, UUID(clan), CommandContext(actor=str(alice)))
    social.found_clan(alice, "Sun Dogs", CommandContext(actor=str(alice)))

    scored(policy_models, es_env, store)

    assert achievements_of(store, alice) == ["clan_founder"]
    assert awards_of(store, alice) == []


def assert_caused_by(reaction: LoggedEvent, trigger: LoggedEvent) -> None:
    meta = reaction.metadata
    assert meta["causation_id"] == str(trigger.position)
    assert meta["actor"] == f"policy:{NAME}"
    assert meta["correlation_id"] == trigger.metadata["correlation_id"]


def test_rebuild_is_refused_when_asked_for_a_gamification_policy(
    es_env: dict[str, str], policy_models: ReadModels
) -> None:
    for policy in (ProgressionPolicy(), ChallengeScoringPolicy(), ChallengeExpiryPolicy()):
        with pytest.raises(RebuildFailed, match="policy"):
            rebuild(policy, policy_models, es_env)
