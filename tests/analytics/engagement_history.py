"""A known engagement history across a UTC day boundary: XP awards, achievement unlocks, clans.

Driven through the real services (the progression policy's commands called directly,
so the history does not depend on trading), at the test's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from uuid import UUID, uuid4

from aggregates.gamification.progression import ClosedTrade
from services.gamification import ProgressionService
from services.social import SocialService
from services.users import UserService
from tests.analytics.support import CTX, MONDAY, TUESDAY, at
from tests.support import SteppingClock

NAMES = ("alice", "bob", "carol", "dave")


@dataclass(frozen=True)
class Engagement:
    alice: UUID
    bob: UUID
    carol: UUID
    dave: UUID
    alpha: UUID
    beta: UUID
    position: int  # of the last event written


class _Script:
    """Each step at its own instant on the test's clock."""

    def __init__(self, progression: ProgressionService, social: SocialService, clock: SteppingClock) -> None:
        self.progression, self.social, self.clock = progression, social, clock
        self.triggers = count(1)  # each reaction names a distinct, growing trigger position
        self.position = 0

    def close(self, when: datetime, user: UUID, net_pnl: str, margin: str, flag: str | None = None) -> None:
        self.clock.set(when)
        trade = ClosedTrade(uuid4(), Decimal(net_pnl), Decimal(margin), when, flag)
        self.position = self.progression.score_close(user, trade, next(self.triggers), CTX).position

    def unlock(self, when: datetime, user: UUID, achievement: str) -> None:
        self.clock.set(when)
        self.position = self.progression.unlock(user, achievement, next(self.triggers), CTX).position

    def win(self, when: datetime, user: UUID) -> None:
        self.clock.set(when)
        self.position = self.progression.score_challenge_win(
            user, uuid4(), when, trigger=next(self.triggers), ctx=CTX
        ).position

    def found(self, when: datetime, user: UUID, name: str) -> UUID:
        self.clock.set(when)
        result = self.social.found_clan(user, name, CTX)
        self.position = result.position
        return UUID(result.body["clan_id"])

    def join(self, when: datetime, user: UUID, clan: UUID) -> None:
        self.clock.set(when)
        self.position = self.social.join_clan(user, clan, CTX).position

    def leave(self, when: datetime, user: UUID, clan: UUID) -> None:
        self.clock.set(when)
        self.position = self.social.leave_clan(user, clan, CTX).position


def engagement_history(
    users: UserService, progression: ProgressionService, social: SocialService, clock: SteppingClock
) -> Engagement:
    """Monday: alice founds Alpha, bob founds Beta (both unlock clan_founder), carol (12:10) and dave
    (14:00) join Alpha; alice scores 34 XP (12:20, first_profit) and 11 XP (15:00), bob 15 XP (13:00),
    carol a flagged close (0 XP, 23:30); first_trade for alice, bob, and carol at 23:59:59.999999.
    Tuesday: dave's first_trade at 00:00:00 exactly; alice 30 XP (00:30), carol 15 XP (00:45), bob wins a
    challenge (+50, 01:00); carol leaves Alpha (09:00) and joins Beta (09:30), bob leaves Beta (10:00)."""
    clock.set(at(MONDAY, 11, 0))
    alice, bob, carol, dave = (
        UUID(users.register(n, f"{n}@example.com", "pw-12345678", CTX).body["user_id"]) for n in NAMES
    )
    s = _Script(progression, social, clock)
    alpha = s.found(at(MONDAY, 12, 0), alice, "Alpha")
    s.unlock(at(MONDAY, 12, 1), alice, "clan_founder")
    beta = s.found(at(MONDAY, 12, 5), bob, "Beta")
    s.unlock(at(MONDAY, 12, 6), bob, "clan_founder")
    s.join(at(MONDAY, 12, 10), carol, alpha)
    s.unlock(at(MONDAY, 12, 15), alice, "first_trade")
    s.close(at(MONDAY, 12, 20), alice, "19.58", "100.00")  # 10 + 19 (return) + 5 (streak 1)
    s.unlock(at(MONDAY, 12, 50), bob, "first_trade")
    s.close(at(MONDAY, 13, 0), bob, "-20.22", "120.00")  # 10 + 0 + 5
    s.join(at(MONDAY, 14, 0), dave, alpha)
    s.close(at(MONDAY, 15, 0), alice, "1.00", "100.00")  # 10 + 1, no streak bonus twice a day
    s.close(at(MONDAY, 23, 30), carol, "3.00", "10.00", flag="instant_close")  # 0
    s.unlock(TUESDAY - timedelta(microseconds=1), carol, "first_trade")
    s.unlock(TUESDAY, dave, "first_trade")
    s.close(at(TUESDAY, 0, 30), alice, "5.00", "50.00")  # 10 + 10 + 10 (streak 2)
    s.close(at(TUESDAY, 0, 45), carol, "-1.00", "10.00")  # 10 + 0 + 5 (the flagged close made no streak)
    s.win(at(TUESDAY, 1, 0), bob)  # 50
    s.leave(at(TUESDAY, 9, 0), carol, alpha)
    s.join(at(TUESDAY, 9, 30), carol, beta)
    s.leave(at(TUESDAY, 10, 0), bob, beta)
    return Engagement(alice, bob, carol, dave, alpha, beta, s.position)
