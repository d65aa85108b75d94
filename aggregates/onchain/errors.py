"""Refusals of on-chain transaction commands."""

from __future__ import annotations

from aggregates.errors import DomainError


class TransitionRefused(DomainError):
    """The transaction is not at a stage where this step can happen (e.g. a stale job run)."""

    code = "onchain_transition_refused"


class AlreadyRecorded(DomainError):
    """This exact step was already recorded: repeating it changes nothing."""

    code = "onchain_already_recorded"


class InvalidAnchorRange(DomainError):
    """An anchor range that is empty, negative or beyond a u64."""

    code = "invalid_anchor_range"
    status = 422
