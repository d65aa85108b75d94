"""POST /v1/auth/token: login; POST /v1/auth/refresh; POST /v1/auth/logout."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from command_api.container import Container
from command_api.deps import Command, CurrentUser, Services
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.sessions import LogoutReply, RefreshRequest
from command_api.schemas.users import TokenReply, TokenRequest
from services.sessions import Session, SessionService

router = APIRouter(prefix="/v1/auth", tags=["auth"])


async def _sessions(c: Services) -> SessionService:
    return SessionService(c.users.runner, c.settings.refresh_token_ttl_seconds)


Sessions = Annotated[SessionService, Depends(_sessions)]


@router.post("/token", response_model=TokenReply, responses=documented(401, 413, 422, 429, 503))
def issue_token(body: TokenRequest, c: Services, sessions: Sessions, cmd: Command, request: Request) -> TokenReply:
    """Exchange a username and password for an access token holding the user's current roles and a refresh token.

    Throttled per account and per client address: 429 ``login_throttled`` with ``Retry-After``."""
    address = request.client.host if request.client else "unknown"
    user = c.login_throttle.authenticate(c.users, body.username, body.password, address)
    session = sessions.start(user, cmd.context(None))  # after authentication: a login of its own
    return _tokens(c, session)


@router.post("/refresh", response_model=TokenReply, responses=documented(401, 413, 422, 503))
def refresh(body: RefreshRequest, c: Services, sessions: Sessions, cmd: Command) -> TokenReply:
    """Spend a refresh token for a new access token and the next refresh token (each is single use)."""
    return _tokens(c, sessions.refresh(body.refresh_token, cmd.context(None)))


@router.post("/logout", response_model=LogoutReply, responses=documented(401, 403, 409, 422, 503))
def logout(caller: CurrentUser, sessions: Sessions, cmd: Command, response: Response) -> Any:
    """End the caller's login: its access token and refresh token stop working."""
    idem = cmd.idempotency(None)
    return answer(sessions.logout(caller.user_id, caller.login_id, cmd.context(caller), idem), response)


def _tokens(c: Container, session: Session) -> TokenReply:
    token = c.tokens.issue(session.user_id, session.roles, session.login_id, session.generation)
    return TokenReply(
        access_token=token,
        token_type="bearer",  # noqa: S106 (a token type, not a secret)
        expires_in=c.tokens.ttl_seconds,
        refresh_token=session.refresh_token,
        refresh_expires_in=c.settings.refresh_token_ttl_seconds,
    )
