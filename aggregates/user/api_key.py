"""ApiKey: a long-lived credential of a user for bots and scripts, limited to scopes.

Only the SHA-256 hash of the key is recorded (a key is 256 random bits, so a
plain hash cannot be reversed by guessing); the key is shown once, at issue.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import DomainError

SCOPES = ("read", "trade", "backtest")


class InvalidScopes(DomainError):
    """Scopes must be a non-empty subset of read, trade, backtest."""

    code = "invalid_scopes"
    status = 422


class ExpiryInPast(DomainError):
    """An API key cannot be issued already expired."""

    code = "expires_at_in_past"
    status = 422


class ApiKey(AstraAggregate):
    """An API key: owner, name, scopes, optional expiry, the key's hash, revoked or not."""

    TOPIC = "user.ApiKey"

    class Issued(CreationEvent):
        """A user issued an API key (its hash only) with these scopes."""

        TOPIC = "user.ApiKey.Issued"
        owner_id: UUID
        name: str
        scopes: list[str]
        key_hash: str
        expires_at: datetime | None

    class Revoked(AstraAggregate.Event):
        """The owner revoked the key; it never authenticates again."""

        TOPIC = "user.ApiKey.Revoked"

    @event(Issued)
    def __init__(
        self, owner_id: UUID, name: str, scopes: list[str], key_hash: str, expires_at: datetime | None
    ) -> None:
        self.owner_id = owner_id
        self.name = name
        self.scopes = scopes
        self.key_hash = key_hash
        self.expires_at = expires_at
        self.revoked = False

    @classmethod
    def issue(
        cls,
        key_id: UUID,
        owner_id: UUID,
        name: str,
        scopes: list[str],
        key_hash: str,
        expires_at: datetime | None,
        now: datetime,
    ) -> ApiKey:
        """Issue key ``key_id`` (chosen first: the key names it) with a valid, non-empty set of scopes."""
        if not scopes or not set(scopes) <= set(SCOPES):
            raise InvalidScopes(f"scopes must be a non-empty subset of {', '.join(SCOPES)}")
        if expires_at is not None and expires_at <= now:
            raise ExpiryInPast("expires_at must be in the future")
        ordered = [s for s in SCOPES if s in scopes]
        return cls._create(
            cls.Issued,
            id=key_id,
            owner_id=owner_id,
            name=name,
            scopes=ordered,
            key_hash=key_hash,
            expires_at=expires_at,
        )

    def revoke(self) -> None:
        """Revoke the key; revoking a revoked key records nothing."""
        if not self.revoked:
            self._revoked()

    @event(Revoked)
    def _revoked(self) -> None:
        self.revoked = True
