"""Logins: start one at sign-in, refresh it (single-use refresh tokens), end it at logout.

A refresh token is ``<login id hex>.<random>``: opaque to clients, it names the Login
it belongs to so a refresh loads one aggregate. Only its SHA-256 is recorded. Token
times follow the wall clock (like the access tokens'), not the injected domain clock.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from aggregates.errors import NotFound
from aggregates.user.login import (
    LOGGED_OUT,
    REFRESH_REUSED,
    Login,
    LoginEnded,
    NoLogin,
    RefreshTokenInvalid,
    RefreshTokenReused,
)
from aggregates.user.user import User
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as


def wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Session:
    """What a sign-in or a refresh hands out besides the access token."""

    login_id: UUID
    user_id: UUID
    roles: list[str]
    generation: int
    refresh_token: str
    position: int


class SessionService:
    """start / refresh / logout of logins."""

    def __init__(
        self, runner: CommandRunner, refresh_ttl_seconds: int, now: Callable[[], datetime] = wall_clock
    ) -> None:
        self.runner, self.refresh_ttl, self.now = runner, timedelta(seconds=refresh_ttl_seconds), now

    def start(self, user: User, context: CommandContext) -> Session:
        """Start a login for an authenticated ``user``: its first refresh token."""
        login_id = uuid4()
        token = _new_refresh_token(login_id)
        expires = self.now() + self.refresh_ttl

        def decide() -> Decision:
            login = Login.start(login_id, user.id, user.token_generation, token_hash(token), expires)
            return Decision([login], {"login_id": str(login_id)})

        result = self.runner.run(decide, replace(context, actor=str(user.id)))
        return Session(login_id, user.id, list(user.roles), user.token_generation, token, result.position)

    def refresh(self, refresh_token: str, context: CommandContext) -> Session:
        """Spend ``refresh_token`` for the next one; a spent token presented again ends the login."""
        login_id, presented = _login_id(refresh_token), token_hash(refresh_token)
        following = _new_refresh_token(login_id)

        def decide() -> Decision:
            login = self._login(login_id)
            if login.is_reuse(presented):
                if login.ended:
                    raise RefreshTokenReused("this refresh token was already used; its login has ended")
                login.end(REFRESH_REUSED)
                return Decision([login], {"reused": True})
            user = get_as(self.runner.store.repository, login.user_id, User, "user")
            if user.erased or user.token_generation != login.token_generation:
                raise LoginEnded("the account changed since this login (roles or erasure); sign in again")
            now = self.now()
            login.refresh(presented, token_hash(following), now + self.refresh_ttl, now)
            return Decision(
                [login], {"roles": list(user.roles), "generation": user.token_generation, "user_id": str(user.id)}
            )

        result = self.runner.run(decide, context)
        if result.body.get("reused"):
            raise RefreshTokenReused("this refresh token was already used: its login is ended; sign in again")
        body = result.body
        return Session(login_id, UUID(body["user_id"]), body["roles"], body["generation"], following, result.position)

    def logout(
        self, user_id: UUID, login_id: UUID | None, context: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """End the caller's login: its access and refresh tokens stop working."""
        if login_id is None:
            raise NoLogin("this token belongs to no login; it expires by itself")

        def decide() -> Decision:
            login = self._login(login_id)
            if login.user_id != user_id:
                raise NotFound(f"login {login_id} not found")
            if login.ended:  # raced with another logout or a reuse: the token is already revoked
                raise LoginEnded("this login has already ended")
            login.end(LOGGED_OUT)
            return Decision([login], {"login_id": str(login_id), "logged_out": True})

        return self.runner.run(decide, context, idem)

    def _login(self, login_id: UUID) -> Login:
        try:
            return get_as(self.runner.store.repository, login_id, Login, "login")
        except NotFound:
            raise RefreshTokenInvalid("the refresh token is invalid or expired") from None


def token_hash(token: str) -> str:
    """What is recorded of a refresh token (256 random bits: a plain hash cannot be guessed back)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_refresh_token(login_id: UUID) -> str:
    return f"{login_id.hex}.{secrets.token_urlsafe(32)}"


def _login_id(refresh_token: str) -> UUID:
    head, dot, _ = refresh_token.partition(".")
    try:
        if dot and len(head) == 32:
            return UUID(hex=head)
    except ValueError:
        pass
    raise RefreshTokenInvalid("the refresh token is invalid or expired")
