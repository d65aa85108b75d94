"""Errors of the application layer (not business rules of one aggregate)."""

from __future__ import annotations

from aggregates.errors import DomainError


class ConcurrencyConflict(DomainError):
    """A command kept losing optimistic-concurrency races; the client may retry."""

    code = "concurrency_conflict"


class IdempotencyKeyReused(DomainError):
    """The same Idempotency-Key was sent with a different request."""

    code = "idempotency_key_reused"
    status = 422


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401


class WeakPassword(DomainError):
    """A new password shorter than 10 characters or in the list of common passwords."""

    code = "weak_password"
    status = 422


class PasswordHashingBusy(DomainError):
    """Every password-hashing slot of this process stayed busy (services/passwords.py)."""

    code = "password_check_busy"
    status = 503
    retry_after = 1


class SettlementUnavailable(DomainError):
    """A withdrawal to a Starknet address while on-chain settlement is not configured: it would be
    debited and never paid (issue 12), so it is refused and nothing is debited."""

    code = "settlement_unavailable"
