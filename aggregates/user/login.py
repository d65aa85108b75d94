"""Login: one sign-in of a user and the chain of refresh tokens it hands out.

A refresh token is single use: redeeming it spends it and issues the next one.
Presenting a spent token again means two parties hold the chain (a stolen token,
or a replay), so the whole login ends. Only SHA-256 hashes of refresh tokens are
recorded; the tokens themselves exist only in the answers given to the client.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import DomainError

LOGGED_OUT = "logout"
REFRESH_REUSED = "refresh_reused"


class LoginEnded(DomainError):
    """An ended login (logout, reuse, a newer token generation) refreshes nothing."""

    code = "token_revoked"
    status = 401


class RefreshTokenInvalid(DomainError):
    """A refresh token this login never issued, or one that has expired."""

    code = "invalid_token"
    status = 401


class Login(AstraAggregate):
    """A user's sign-in: its current refresh token (by hash), the spent ones, and whether it ended."""

    TOPIC = "user.Login"

    class Started(CreationEvent):
        """A user signed in with their password; the first refresh token was issued."""

        TOPIC = "user.Login.Started"
        user_id: UUID
        token_generation: int
        refresh_hash: str
        refresh_expires_at: datetime

    class Refreshed(AstraAggregate.Event):
        """The current refresh token was spent for a new access token and the next refresh token."""

        TOPIC = "user.Login.Refreshed"
        spent_hash: str
        refresh_hash: str
        refresh_expires_at: datetime

    class Ended(AstraAggregate.Event):
        """The login ended (``logout`` or ``refresh_reused``): none of its tokens works again."""

        TOPIC = "user.Login.Ended"
        reason: str

    @event(Started)
    def __init__(self, user_id: UUID, token_generation: int, refresh_hash: str, refresh_expires_at: datetime) -> None:
        self.user_id = user_id
        self.token_generation = token_generation
        self.refresh_hash = refresh_hash
        self.refresh_expires_at = refresh_expires_at
        self.spent: list[str] = []
        self.ended = False

    @classmethod
    def start(
        cls, login_id: UUID, user_id: UUID, token_generation: int, refresh_hash: str, refresh_expires_at: datetime
    ) -> Login:
        """Start login ``login_id`` (chosen first: the refresh token names it)."""
        return cls._create(
            cls.Started,
            id=login_id,
            user_id=user_id,
            token_generation=token_generation,
            refresh_hash=refresh_hash,
            refresh_expires_at=refresh_expires_at,
        )

    def is_reuse(self, presented_hash: str) -> bool:
        """Whether ``presented_hash`` is a refresh token this login already spent."""
        return presented_hash in self.spent

    def refresh(self, presented_hash: str, next_hash: str, next_expires_at: datetime, now: datetime) -> None:
        """Spend the current refresh token for the next one."""
        if self.ended:
            raise LoginEnded("this login has ended; sign in again")
        if presented_hash != self.refresh_hash or now >= self.refresh_expires_at:
            raise RefreshTokenInvalid("the refresh token is invalid or expired")
        self._refreshed(spent_hash=presented_hash, refresh_hash=next_hash, refresh_expires_at=next_expires_at)

    @event(Refreshed)
    def _refreshed(self, spent_hash: str, refresh_hash: str, refresh_expires_at: datetime) -> None:
        self.spent = [*self.spent, spent_hash]
        self.refresh_hash = refresh_hash
        self.refresh_expires_at = refresh_expires_at

    def end(self, reason: str) -> None:
        """End the login; ending an ended login records nothing."""
        if not self.ended:
            self._ended(reason=reason)

    @event(Ended)
    def _ended(self, reason: str) -> None:
        self.ended = True
        self.end_reason = reason


class RefreshTokenReused(DomainError):
    """A spent refresh token was presented again: the login it belongs to is ended."""

    code = "token_reused"
    status = 401


class NoLogin(DomainError):
    """The caller's token names no login (issued before logins existed): nothing to log out."""

    code = "no_login"
