"""Progression rules: XP, levels, streaks and achievements, given/when/then on the aggregate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from typing import Any
from uuid import UUID, uuid4

from hypothesis import given as for_all
from hypothesis import strategies as st

from aggregates.gamification import scoring
from aggregates.gamification.errors import AchievementAlreadyUnlocked, AlreadyProcessed
from aggregates.gamification.fairness import INSTANT_CLOSE
from aggregates.gamification.progression import ClosedTrade, Progression, progression_id
from tests.unit.aggregates.spec import given, new_events, then_refused

USER = UUID("00000000-0000-4000-8000-000000000001")
MONDAY = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
MARGIN = D("100.00")


def trade(net_pnl: str, at: datetime = MONDAY, flag: str | None = None) -> ClosedTrade:
    return ClosedTrade(uuid4(), D(net_pnl), MARGIN, at, flag)


def progression_after(*trades: ClosedTrade) -> Progression:
    progression = Progression.start(USER)
    for trigger, closed in enumerate(trades, start=1):
        progression.score_close(closed, trigger)
    return given(progression)


def awarded(event: tuple[str, dict[str, Any]]) -> tuple[int, int, int, int, int, int]:
    name, fields = event
    assert name == "XPAwarded"
    return (
        fields["xp"],
        fields["base"],
        fields["return_bonus"],
        fields["streak_bonus"],
        fields["xp_total"],
        fields["streak"],
    )


def test_progression_starts_at_level_1_with_an_id_derived_from_the_user_when_started() -> None:
    progression = Progression.start(USER)

    assert new_events(progression) == [("Started", {"user_id": USER})]
    assert progression.id == progression_id(USER)
    assert (progression.xp, progression.level, progression.streak, progression.achievements) == (0, 1, 0, [])


def test_first_trade_is_unlocked_when_the_user_opens_a_position() -> None:
    progression = given(Progression.start(USER))

    progression.unlock("first_trade", trigger=7)

    assert new_events(progression) == [
        ("AchievementUnlocked", {"user_id": USER, "achievement": "first_trade", "trigger": 7})
    ]


def test_an_achievement_is_refused_when_already_unlocked() -> None:
    progression = Progression.start(USER)
    progression.unlock("first_trade", trigger=7)
    given(progression)

    then_refused(progression, AchievementAlreadyUnlocked, lambda: progression.unlock("first_trade", trigger=8))


def test_a_trigger_is_refused_when_it_was_already_applied() -> None:
    progression = progression_after(trade("8.99"))

    then_refused(progression, AlreadyProcessed, lambda: progression.score_close(trade("8.99"), trigger=1))


def test_profitable_close_earns_23_xp_and_first_profit_when_it_is_the_first_of_the_day() -> None:
    progression = given(Progression.start(USER))
    closed = trade("8.99")

    progression.score_close(closed, trigger=5)

    events = new_events(progression)
    assert events[0] == (
        "XPAwarded",
        {
            "user_id": USER,
            "position_id": closed.position_id,
            "challenge_id": None,
            "xp": 23,
            "base": 10,
            "return_bonus": 8,
            "streak_bonus": 5,
            "challenge_bonus": 0,
            "xp_total": 23,
            "streak": 1,
            "day": "2026-01-05",
            "net_pnl": D("8.99"),
            "flag": None,
            "counts_for_leaderboard": True,
            "trigger": 5,
        },
    )
    assert events[1:] == [("AchievementUnlocked", {"user_id": USER, "achievement": "first_profit", "trigger": 5})]


def test_losing_close_earns_only_base_xp_when_not_the_first_of_the_day() -> None:
    progression = progression_after(trade("8.99"))

    progression.score_close(trade("-11.01", MONDAY + timedelta(hours=1)), trigger=2)

    [event] = new_events(progression)
    assert awarded(event) == (10, 10, 0, 0, 33, 1)


def test_return_bonus_is_capped_at_40_when_return_on_margin_exceeds_40_percent() -> None:
    progression = given(Progression.start(USER))

    progression.score_close(trade("97.00"), trigger=1)

    assert awarded(new_events(progression)[0]) == (55, 10, 40, 5, 55, 1)


def test_streak_bonus_grows_5_per_day_up_to_25_when_closing_on_consecutive_days() -> None:
    progression = given(Progression.start(USER))
    bonuses = []
    for day in range(7):
        progression.score_close(trade("-1.00", MONDAY + timedelta(days=day)), trigger=day + 1)
        bonuses.append(awarded(new_events(progression)[0])[3])

    assert bonuses == [5, 10, 15, 20, 25, 25, 25]
    assert progression.streak == 7
    assert "streak_7" in progression.achievements


def test_streak_restarts_at_1_when_a_utc_day_is_skipped() -> None:
    progression = progression_after(trade("-1.00"), trade("-1.00", MONDAY + timedelta(days=1)))

    progression.score_close(trade("-1.00", MONDAY + timedelta(days=3)), trigger=3)

    assert awarded(new_events(progression)[0]) == (15, 10, 0, 5, 15 + 20 + 15, 1)


def test_instant_close_earns_nothing_and_is_excluded_from_leaderboards_when_flagged() -> None:
    progression = given(Progression.start(USER))

    progression.score_close(trade("50.00", flag=INSTANT_CLOSE), trigger=1)

    [(name, fields)] = new_events(progression)
    assert (name, fields["xp"], fields["flag"], fields["counts_for_leaderboard"]) == (
        "XPAwarded",
        0,
        INSTANT_CLOSE,
        False,
    )
    assert (progression.xp, progression.closes, progression.streak, progression.achievements) == (0, 0, 0, [])


def test_level_2_is_reached_when_xp_crosses_100() -> None:
    progression = progression_after(trade("97.00"))  # 55 XP

    progression.score_close(trade("97.00", MONDAY + timedelta(hours=1)), trigger=2)  # +50: 105

    names = [(name, fields.get("level")) for name, fields in new_events(progression)]
    assert names == [("XPAwarded", None), ("LevelReached", 2)]
    assert (progression.xp, progression.level) == (105, 2)


def test_ten_trades_is_unlocked_when_the_tenth_close_is_scored() -> None:
    progression = progression_after(*[trade("-1.00", MONDAY + timedelta(minutes=m)) for m in range(9)])

    progression.score_close(trade("-1.00", MONDAY + timedelta(minutes=9)), trigger=10)

    # 15 + 9 × 10 = 105 XP: level 2 comes first, then the achievement.
    assert new_events(progression)[1:] == [
        ("LevelReached", {"user_id": USER, "level": 2}),
        ("AchievementUnlocked", {"user_id": USER, "achievement": "ten_trades", "trigger": 10}),
    ]


def test_level_5_is_unlocked_when_xp_reaches_1000() -> None:
    # 13 closes of 55/60/…/75 XP over consecutive days: 55+60+65+70+75×9 = 925, then 75 more.
    progression = progression_after(*[trade("97.00", MONDAY + timedelta(days=d)) for d in range(13)])
    assert progression.xp == 925

    progression.score_close(trade("97.00", MONDAY + timedelta(days=13)), trigger=14)

    names = [(name, fields.get("level") or fields.get("achievement")) for name, fields in new_events(progression)]
    assert names == [("XPAwarded", None), ("LevelReached", 5), ("AchievementUnlocked", "level_5")]


def test_challenge_win_earns_50_xp_when_the_user_wins() -> None:
    progression = progression_after(trade("8.99"))
    challenge = uuid4()

    progression.score_challenge_win(challenge, MONDAY + timedelta(days=2), trigger=2)

    [(name, fields)] = new_events(progression)
    assert (name, fields["xp"], fields["challenge_bonus"], fields["challenge_id"], fields["xp_total"]) == (
        "XPAwarded",
        50,
        50,
        challenge,
        73,
    )
    assert fields["position_id"] is None
    assert progression.streak == 1  # a challenge is not a close: the streak is untouched


CLOSES = st.lists(st.tuples(st.integers(-150, 150), st.integers(0, 3), st.booleans()), max_size=30)


@for_all(CLOSES)
def test_state_equals_replay_and_sums_of_awards_for_any_history(closes: list[tuple[int, int, bool]]) -> None:
    progression, at = Progression.start(USER), MONDAY
    for trigger, (pnl, days_later, instant) in enumerate(closes, start=1):
        at += timedelta(days=days_later, minutes=1)
        progression.score_close(trade(str(pnl), at, INSTANT_CLOSE if instant else None), trigger)
    events = progression.collect_events()

    replayed = None
    for event in events:
        replayed = event.mutate(replayed)
    assert replayed == progression
    awards = [e for e in events if isinstance(e, Progression.XPAwarded)]
    assert progression.xp == sum(e.xp for e in awards)
    assert progression.level == scoring.level_for(progression.xp)
    assert [e.level for e in events if isinstance(e, Progression.LevelReached)] == list(range(2, progression.level + 1))
    assert len(progression.achievements) == len(set(progression.achievements))
    assert progression.closes == sum(1 for _pnl, _d, instant in closes if not instant)
