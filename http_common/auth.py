"""The caller: a verified bearer token or API key (``CurrentUser``) and role checks (``require_role``).

A bearer token is verified (signature, claims), then checked against revocation
(``http_common.access``); an API key (``Authorization: ApiKey <key>``) is looked up
by its hash and limited to its scopes (``http_common.scopes``).

Dependencies that do no I/O are ``async def`` throughout the APIs: FastAPI runs a
sync dependency in the thread pool, a hop per dependency and per request that
profiling showed to cost more CPU than the work itself (JWT verification included).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aggregates.user.roles import Role
from http_common.access import AccessCheck
from http_common.problems import INVALID_TOKEN, ApiProblem
from http_common.scopes import check_scope
from http_common.tokens import InvalidToken, Principal, TokenVerifier

_bearer = HTTPBearer(auto_error=False, description="an access token from the command API's POST /v1/auth/token")


async def _verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.token_verifier  # set by http_common.wiring.wire
    return verifier


async def _principal(
    request: Request,
    verifier: Annotated[TokenVerifier, Depends(_verifier)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    access: AccessCheck = request.app.state.access_check  # set by http_common.wiring.wire
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "apikey" and key.strip():
        principal = await access.api_key(key.strip())
        check_scope(principal, request.method, request.url.path)
        return principal
    if credentials is None:
        raise ApiProblem(401, "unauthorized", "a bearer token is required")
    try:
        principal = verifier.verify(credentials.credentials)
    except InvalidToken:
        raise ApiProblem(401, "invalid_token", "the bearer token is invalid or expired", INVALID_TOKEN) from None
    await access.admit(principal)
    return principal


CurrentUser = Annotated[Principal, Depends(_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting only callers holding one of ``roles`` (else 403)."""
    allowed = frozenset(r.value for r in roles)

    async def check(user: CurrentUser) -> Principal:
        if not user.has_any(allowed):
            raise ApiProblem(403, "forbidden", f"requires one of the roles: {', '.join(sorted(allowed))}")
        return user

    return check
