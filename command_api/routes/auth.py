"""POST /v1/auth/token: login."""

from __future__ import annotations

from fastapi import APIRouter

from command_api.deps import Services
from command_api.errors import documented
from command_api.schemas.users import TokenReply, TokenRequest

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/token", response_model=TokenReply, responses=documented(401, 413, 422, 503))
def issue_token(body: TokenRequest, c: Services) -> TokenReply:
    """Exchange a username and password for a bearer token holding the user's current roles."""
    user = c.users.authenticate(body.username, body.password)
    token = c.tokens.issue(user.id, list(user.roles))
    return TokenReply(
        access_token=token,
        token_type="bearer",  # noqa: S106 (a token type, not a secret)
        expires_in=c.tokens.ttl_seconds,
    )
