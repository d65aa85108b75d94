"""The Progression aggregate: one user's XP, level, streak, closes and achievements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.gamification import fairness, scoring
from aggregates.gamification.errors import AchievementAlreadyUnlocked, AlreadyProcessed

ACHIEVEMENTS = ("first_trade", "first_profit", "ten_trades", "streak_7", "level_5", "clan_founder")
_PROGRESSION_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/progression")


def progression_id(user_id: UUID) -> UUID:
    """Every user has at most one progression, whose id follows from the user's id."""
    return uuid5(_PROGRESSION_NS, str(user_id))


@dataclass(frozen=True)
class ClosedTrade:
    """What a close contributes: its P&L, margin, UTC time and fairness flag."""

    position_id: UUID
    net_pnl: Decimal
    margin: Decimal
    closed_at: datetime
    flag: str | None = None


class Progression(AstraAggregate):
    """XP, level, streak and achievements of one user, earned from their trading."""

    TOPIC = "gamification.Progression"

    class Started(CreationEvent):
        """A user's progression began (lazily, at their first scored event)."""

        TOPIC = "gamification.Progression.Started"
        user_id: UUID

    class XPAwarded(AstraAggregate.Event):
        """A close (position_id) or a challenge win (challenge_id) was scored; xp may be 0 when flagged."""

        TOPIC = "gamification.Progression.XPAwarded"
        user_id: UUID
        position_id: UUID | None
        challenge_id: UUID | None
        xp: int
        base: int
        return_bonus: int
        streak_bonus: int
        challenge_bonus: int
        xp_total: int
        streak: int
        day: str
        net_pnl: Decimal | None
        flag: str | None
        counts_for_leaderboard: bool
        trigger: int

    class LevelReached(AstraAggregate.Event):
        """The user's XP reached a new level (one event per level passed)."""

        TOPIC = "gamification.Progression.LevelReached"
        user_id: UUID
        level: int

    class AchievementUnlocked(AstraAggregate.Event):
        """The user earned an achievement, once; the NFT context mints its badge from this event."""

        TOPIC = "gamification.Progression.AchievementUnlocked"
        user_id: UUID
        achievement: str
        trigger: int

    @event(Started)
    def __init__(self, id: UUID, user_id: UUID) -> None:  # noqa: A002, ARG002
        self.user_id = user_id
        self.xp, self.level, self.streak, self.closes = 0, 1, 0, 0
        self.last_close_day: str | None = None
        self.achievements: list[str] = []
        self.last_trigger = 0

    @classmethod
    def start(cls, user_id: UUID) -> Progression:
        """Begin the progression of ``user_id``."""
        return cls(id=progression_id(user_id), user_id=user_id)

    def unlock(self, achievement: str, trigger: int) -> None:
        """Unlock ``achievement`` for the event at log position ``trigger``; once per user."""
        self._check_trigger(trigger)
        if achievement not in ACHIEVEMENTS:
            raise ValueError(f"unknown achievement {achievement!r}")
        if achievement in self.achievements:
            raise AchievementAlreadyUnlocked(f"{achievement} is already unlocked")
        self._unlocked(user_id=self.user_id, achievement=achievement, trigger=trigger)

    def score_close(self, trade: ClosedTrade, trigger: int) -> None:
        """Award a close's XP, then the levels and achievements it reaches; a flagged close earns nothing."""
        self._check_trigger(trigger)
        day = trade.closed_at.date()
        if trade.flag is not None:
            nothing = scoring.CloseScore(0, 0, 0, self.streak)
            self._award(
                position_id=trade.position_id,
                challenge_id=None,
                score=nothing,
                challenge_bonus=0,
                day=day,
                trade=trade,
                trigger=trigger,
            )
            return
        score = scoring.score_close(trade.net_pnl, trade.margin, self._last_day(), self.streak, day)
        self._award(
            position_id=trade.position_id,
            challenge_id=None,
            score=score,
            challenge_bonus=0,
            day=day,
            trade=trade,
            trigger=trigger,
        )
        self._reach_levels(trigger)
        earned = {"first_profit": trade.net_pnl > 0, "ten_trades": self.closes >= 10, "streak_7": self.streak >= 7}
        self._unlock_new([name for name, met in earned.items() if met], trigger)

    def score_challenge_win(self, challenge_id: UUID, won_at: datetime, trigger: int) -> None:
        """+50 XP for winning a challenge."""
        self._check_trigger(trigger)
        score = scoring.CloseScore(0, 0, 0, self.streak)
        self._award(
            position_id=None,
            challenge_id=challenge_id,
            score=score,
            challenge_bonus=scoring.CHALLENGE_WIN_XP,
            day=won_at.date(),
            trade=None,
            trigger=trigger,
        )
        self._reach_levels(trigger)

    def _award(
        self,
        *,
        position_id: UUID | None,
        challenge_id: UUID | None,
        score: scoring.CloseScore,
        challenge_bonus: int,
        day: date,
        trade: ClosedTrade | None,
        trigger: int,
    ) -> None:
        xp = score.xp + challenge_bonus
        flag = trade.flag if trade else None
        self._xp_awarded(
            user_id=self.user_id,
            position_id=position_id,
            challenge_id=challenge_id,
            xp=xp,
            base=score.base,
            return_bonus=score.return_bonus,
            streak_bonus=score.streak_bonus,
            challenge_bonus=challenge_bonus,
            xp_total=self.xp + xp,
            streak=score.streak,
            day=day.isoformat(),
            net_pnl=trade.net_pnl if trade else None,
            flag=flag,
            counts_for_leaderboard=fairness.counts_for_leaderboard(flag),
            trigger=trigger,
        )

    def _reach_levels(self, trigger: int) -> None:
        for level in range(self.level + 1, scoring.level_for(self.xp) + 1):
            self._level_reached(user_id=self.user_id, level=level)
        if self.level >= 5:
            self._unlock_new(["level_5"], trigger)

    def _unlock_new(self, achievements: list[str], trigger: int) -> None:
        for achievement in achievements:
            if achievement not in self.achievements:
                self._unlocked(user_id=self.user_id, achievement=achievement, trigger=trigger)

    def _check_trigger(self, trigger: int) -> None:
        if trigger <= self.last_trigger:
            raise AlreadyProcessed(f"event at position {trigger} was already applied")

    def _last_day(self) -> date | None:
        return date.fromisoformat(self.last_close_day) if self.last_close_day else None

    @event(XPAwarded)
    def _xp_awarded(
        self,
        *,
        user_id: UUID,  # noqa: ARG002
        position_id: UUID | None,
        challenge_id: UUID | None,  # noqa: ARG002
        xp: int,  # noqa: ARG002
        base: int,  # noqa: ARG002
        return_bonus: int,  # noqa: ARG002
        streak_bonus: int,  # noqa: ARG002
        challenge_bonus: int,  # noqa: ARG002
        xp_total: int,
        streak: int,
        day: str,
        net_pnl: Decimal | None,  # noqa: ARG002
        flag: str | None,
        counts_for_leaderboard: bool,  # noqa: ARG002
        trigger: int,
    ) -> None:
        self.xp = xp_total
        self.last_trigger = trigger
        if position_id is not None and flag is None:
            self.closes += 1
            self.streak = streak
            self.last_close_day = day

    @event(LevelReached)
    def _level_reached(self, user_id: UUID, level: int) -> None:  # noqa: ARG002
        self.level = level

    @event(AchievementUnlocked)
    def _unlocked(self, user_id: UUID, achievement: str, trigger: int) -> None:  # noqa: ARG002
        self.achievements = [*self.achievements, achievement]
        self.last_trigger = trigger
