"""Refusals of the gamification context; a policy swallows them as "already done"."""

from __future__ import annotations

from aggregates.errors import DomainError


class AlreadyProcessed(DomainError):
    """The triggering event (by its log position) was already applied to this progression."""

    code = "already_processed"


class AchievementAlreadyUnlocked(DomainError):
    """Each achievement is unlocked once per user."""

    code = "achievement_already_unlocked"
