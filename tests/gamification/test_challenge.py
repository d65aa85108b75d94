"""Challenge and roster rules, given/when/then on the aggregates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from uuid import UUID, uuid4

import pytest

from aggregates import clock
from aggregates.errors import NotFound
from aggregates.social import errors
from aggregates.social.challenge import Challenge
from aggregates.social.roster import ChallengeRoster
from tests.unit.aggregates.spec import given, new_events, then_refused

ALICE = UUID("00000000-0000-4000-8000-00000000000a")
BOB = UUID("00000000-0000-4000-8000-00000000000b")
CAROL = UUID("00000000-0000-4000-8000-00000000000c")
NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def accepted(hours: int = 24) -> Challenge:
    challenge = Challenge.offer(ALICE, BOB, hours)
    challenge.accept(BOB, NOON)
    return given(challenge)


@pytest.mark.parametrize("hours", [0, 169, -1, True])
def test_offer_is_refused_when_hours_are_outside_1_to_168(hours: int) -> None:
    with pytest.raises(errors.InvalidChallengeWindow):
        Challenge.offer(ALICE, BOB, hours)


def test_offer_is_refused_when_challenging_yourself() -> None:
    with pytest.raises(errors.CannotChallengeYourself):
        Challenge.offer(ALICE, ALICE, 24)


def test_window_starts_now_and_lasts_the_hours_when_the_opponent_accepts() -> None:
    challenge = given(Challenge.offer(ALICE, BOB, 48))

    challenge.accept(BOB, NOON)

    assert new_events(challenge) == [("Accepted", {"starts_at": NOON, "ends_at": NOON + timedelta(hours=48)})]


def test_accept_is_forbidden_when_the_challenger_accepts() -> None:
    challenge = given(Challenge.offer(ALICE, BOB, 24))

    then_refused(challenge, errors.NotChallengeOpponent, lambda: challenge.accept(ALICE, NOON))


def test_accept_is_not_found_when_a_stranger_accepts() -> None:
    challenge = given(Challenge.offer(ALICE, BOB, 24))

    then_refused(challenge, NotFound, lambda: challenge.accept(CAROL, NOON))


def test_accept_is_refused_when_already_accepted() -> None:
    challenge = accepted()

    then_refused(challenge, errors.ChallengeNotOpen, lambda: challenge.accept(BOB, NOON))


def test_pnl_counts_when_closed_inside_the_window() -> None:
    challenge, position = accepted(), uuid4()

    challenge.record_pnl(ALICE, position, D("8.99"), NOON + timedelta(hours=1))

    assert new_events(challenge) == [("PnLRecorded", {"user_id": ALICE, "net_pnl": D("8.99"), "position_id": position})]


@pytest.mark.parametrize("at", [NOON - timedelta(seconds=1), NOON + timedelta(hours=24)])
def test_pnl_is_refused_when_closed_outside_the_window(at: datetime) -> None:
    challenge = accepted()

    then_refused(challenge, errors.ChallengeNotRunning, lambda: challenge.record_pnl(ALICE, uuid4(), D("1"), at))


def test_pnl_counts_when_the_window_ended_but_the_challenge_is_not_decided_yet() -> None:
    # The recording policy may lag behind the end: a close stamped inside the window still counts.
    challenge, position = accepted(), uuid4()
    challenge.end(NOON + timedelta(hours=24))
    given(challenge)

    challenge.record_pnl(BOB, position, D("-2.00"), NOON + timedelta(hours=23))

    assert new_events(challenge) == [("PnLRecorded", {"user_id": BOB, "net_pnl": D("-2.00"), "position_id": position})]


def test_pnl_is_refused_when_the_challenge_is_decided() -> None:
    challenge = accepted()
    challenge.end(NOON + timedelta(hours=24))
    challenge.decide()
    given(challenge)

    then_refused(
        challenge,
        errors.ChallengeNotRunning,
        lambda: challenge.record_pnl(ALICE, uuid4(), D("1"), NOON + timedelta(hours=1)),
    )


def test_pnl_is_refused_when_the_user_is_not_in_the_challenge() -> None:
    challenge = accepted()

    then_refused(challenge, errors.ChallengeNotRunning, lambda: challenge.record_pnl(CAROL, uuid4(), D("1"), NOON))


def test_pnl_is_refused_when_the_position_was_already_counted() -> None:
    challenge, position = accepted(), uuid4()
    challenge.record_pnl(ALICE, position, D("1.00"), NOON)
    given(challenge)

    then_refused(challenge, errors.PnLAlreadyRecorded, lambda: challenge.record_pnl(ALICE, position, D("1"), NOON))


def test_end_is_refused_when_the_window_is_still_running() -> None:
    challenge = accepted()

    then_refused(challenge, errors.ChallengeStillRunning, lambda: challenge.end(NOON + timedelta(hours=23)))


def test_end_is_refused_when_the_challenge_was_never_accepted() -> None:
    challenge = given(Challenge.offer(ALICE, BOB, 24))

    then_refused(challenge, errors.ChallengeNotAccepted, lambda: challenge.end(NOON))


def test_end_is_refused_when_already_ended() -> None:
    challenge = accepted()
    challenge.end(NOON + timedelta(hours=24))
    given(challenge)

    then_refused(challenge, errors.ChallengeAlreadyEnded, lambda: challenge.end(NOON + timedelta(hours=25)))


def test_decide_is_refused_when_the_window_has_not_ended() -> None:
    challenge = accepted()

    then_refused(challenge, errors.ChallengeNotEnded, challenge.decide)


def test_more_net_pnl_wins_when_decided() -> None:
    challenge = Challenge.offer(ALICE, BOB, 24)
    challenge.accept(BOB, NOON)
    challenge.record_pnl(ALICE, uuid4(), D("8.99"), NOON)
    challenge.record_pnl(BOB, uuid4(), D("12.00"), NOON)
    challenge.record_pnl(BOB, uuid4(), D("-11.01"), NOON)
    challenge.end(NOON + timedelta(hours=24))
    given(challenge)

    challenge.decide()

    assert new_events(challenge) == [
        ("Decided", {"winner_id": ALICE, "challenger_pnl": D("8.99"), "opponent_pnl": D("0.99")})
    ]


def test_nobody_wins_when_both_booked_the_same_pnl() -> None:
    challenge = accepted()
    challenge.end(NOON + timedelta(hours=24))
    given(challenge)

    challenge.decide()

    assert new_events(challenge) == [
        ("Decided", {"winner_id": None, "challenger_pnl": D("0.00"), "opponent_pnl": D("0.00")})
    ]


def test_decide_is_refused_when_already_decided() -> None:
    challenge = accepted()
    challenge.end(NOON + timedelta(hours=24))
    challenge.decide()
    given(challenge)

    then_refused(challenge, errors.ChallengeAlreadyDecided, challenge.decide)


def test_roster_tracks_each_challenge_once_when_entered_twice() -> None:
    roster, challenge = ChallengeRoster.start(ALICE), uuid4()
    roster.enter(challenge)
    given(roster)

    roster.enter(challenge)
    roster.leave(challenge)
    roster.leave(challenge)

    assert new_events(roster) == [("Left", {"challenge_id": challenge})]
    assert roster.running == []


# --- declining and expiring offers (v1.1) ------------------------------------------------------


def offered_at_noon() -> Challenge:
    with clock.using(lambda: NOON):
        return given(Challenge.offer(ALICE, BOB, 24))


def test_the_offer_is_closed_when_the_opponent_declines() -> None:
    challenge = offered_at_noon()

    challenge.decline(BOB, NOON + timedelta(hours=1))

    assert new_events(challenge) == [("Declined", {})]
    then_refused(challenge, errors.ChallengeNotOpen, lambda: challenge.accept(BOB, NOON + timedelta(hours=2)))


def test_decline_is_forbidden_to_the_challenger_and_not_found_for_a_stranger() -> None:
    challenge = offered_at_noon()

    then_refused(challenge, errors.NotChallengeOpponent, lambda: challenge.decline(ALICE, NOON))
    then_refused(challenge, NotFound, lambda: challenge.decline(CAROL, NOON))


def test_decline_is_refused_when_already_accepted() -> None:
    challenge = offered_at_noon()
    challenge.accept(BOB, NOON)
    given(challenge)

    then_refused(challenge, errors.ChallengeNotOpen, lambda: challenge.decline(BOB, NOON))


def test_the_offer_expires_when_24_hours_passed_unanswered() -> None:
    challenge = offered_at_noon()

    then_refused(challenge, errors.OfferStillOpen, lambda: challenge.expire(NOON + timedelta(hours=23, minutes=59)))
    challenge.expire(NOON + timedelta(hours=24))

    assert new_events(challenge) == [("Expired", {})]


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_a_late_answer_is_refused_even_before_the_expiry_job_ran(answer: str) -> None:
    challenge = offered_at_noon()

    then_refused(challenge, errors.ChallengeNotOpen, lambda: getattr(challenge, answer)(BOB, NOON + timedelta(days=1)))


def test_an_answered_offer_does_not_expire() -> None:
    challenge = offered_at_noon()
    challenge.decline(BOB, NOON)
    given(challenge)

    then_refused(challenge, errors.ChallengeNotOpen, lambda: challenge.expire(NOON + timedelta(days=2)))
