"""Gamification commands: score closes and challenge wins, unlock achievements.

Only policies call these (they react to the log); each command names the log
position of its trigger, so the Progression refuses to apply one trigger twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from aggregates.gamification.progression import ClosedTrade, Progression, progression_id
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency


class ProgressionService:
    """Commands on the Progression of one user, started on demand."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def unlock(
        self, user_id: UUID, achievement: str, trigger: int, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Unlock ``achievement`` (once per user) for the event at position ``trigger``."""
        return self._run(user_id, lambda p: p.unlock(achievement, trigger), ctx, idem)

    def score_close(
        self, user_id: UUID, trade: ClosedTrade, trigger: int, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Award a close's XP, levels and achievements (nothing when it is flagged)."""
        return self._run(user_id, lambda p: p.score_close(trade, trigger), ctx, idem)

    def score_challenge_win(
        self,
        user_id: UUID,
        challenge_id: UUID,
        won_at: datetime,
        *,
        trigger: int,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """+50 XP to the winner of a challenge."""
        return self._run(user_id, lambda p: p.score_challenge_win(challenge_id, won_at, trigger), ctx, idem)

    def _run(
        self, user_id: UUID, command: Callable[[Progression], None], ctx: CommandContext, idem: Idempotency | None
    ) -> CommandResult:
        def decide() -> Decision:
            progression = self.progression(user_id) or Progression.start(user_id)
            command(progression)
            return Decision([progression], _summary(progression))

        return self.runner.run(decide, ctx, idem)

    def progression(self, user_id: UUID) -> Progression | None:
        """The user's progression, or None before their first scored event."""
        try:
            found: Progression = self.repository.get(progression_id(user_id))
        except AggregateNotFoundError:
            return None
        return found


def _summary(p: Progression) -> dict[str, object]:
    return {
        "user_id": str(p.user_id),
        "xp": p.xp,
        "level": p.level,
        "streak": p.streak,
        "achievements": list(p.achievements),
    }
