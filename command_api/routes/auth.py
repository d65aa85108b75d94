"""POST /v1/auth/token: login."""

from __future__ import annotations

from fastapi import APIRouter, Request

from command_api.deps import Services
from command_api.errors import documented
from command_api.schemas.users import TokenReply, TokenRequest

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/token", response_model=TokenReply, responses=documented(401, 413, 422, 429, 503))
def issue_token(body: TokenRequest, c: Services, request: Request) -> TokenReply:
    """Exchange a username and password for a bearer token holding the user's current roles.

    Throttled per account and per client address: 429 ``login_throttled`` with ``Retry-After``."""
    address = request.client.host if request.client else "unknown"
    user = c.login_throttle.authenticate(c.users, body.username, body.password, address)
    token = c.tokens.issue(user.id, list(user.roles))
    return TokenReply(
        access_token=token,
        token_type="bearer",  # noqa: S106 (a token type, not a secret)
        expires_in=c.tokens.ttl_seconds,
    )
