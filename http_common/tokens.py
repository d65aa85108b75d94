"""Bearer tokens: HS256 JWTs carrying the user id, the roles held at login, the login
(``sid``) and the user's token generation then (``gen``).

One policy for both APIs. Decoding pins the algorithm (no ``alg: none``, no key
confusion) and requires ``exp``, ``iat`` and ``sub``; ``roles`` must be a list of
known role names. ``sid`` and ``gen`` are optional (tokens minted before logins
existed, and tests' tokens, have neither: generation 0, no login to end); whether a
token has been revoked since is ``http_common.access``'s question. Token times follow
the wall clock, not the domain clock injected for events, so a test clock never mints
already-expired tokens.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import jwt

from aggregates.user.roles import Role

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("exp", "iat", "sub")
_KNOWN_ROLES = frozenset(r.value for r in Role)
_REMEMBERED_TOKENS = 10_000


class InvalidToken(Exception):
    """The token is missing, malformed, forged, expired or carries malformed claims."""


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user id and the roles in their token (or, for an API key,
    the owner's live roles), with what revocation and scopes are checked against."""

    user_id: UUID
    roles: frozenset[str]
    login_id: UUID | None = None
    generation: int = 0
    api_key_id: UUID | None = None
    scopes: frozenset[str] | None = None  # None: a bearer token, not limited by scopes

    def has_any(self, roles: frozenset[str]) -> bool:
        return not self.roles.isdisjoint(roles)


class TokenVerifier:
    """Verifies access tokens with the shared secret.

    Verified tokens are remembered until they expire: a client sends the same token
    with every request (and the command API's rate limiter reads it before the
    route does), and decoding costs more CPU than the rest of a typical request's
    handling. The key is the whole token, signature included, so only a token
    that verified before is ever answered from memory, and never past its ``exp``.
    """

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._verified: dict[str, tuple[Principal, float]] = {}

    def verify(self, token: str) -> Principal:
        """The caller a token names, or ``InvalidToken``."""
        remembered = self._verified.get(token)
        if remembered is not None and time.time() < remembered[1]:
            return remembered[0]
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], options={"require": list(REQUIRED_CLAIMS)})
            roles = claims.get("roles")
            if not isinstance(roles, list) or not all(isinstance(r, str) and r in _KNOWN_ROLES for r in roles):
                raise InvalidToken("the token's roles claim is malformed")
            principal = Principal(UUID(claims["sub"]), frozenset(roles), _login(claims), _generation(claims))
        except (jwt.PyJWTError, ValueError, TypeError, AttributeError) as error:
            raise InvalidToken(str(error)) from error
        if len(self._verified) >= _REMEMBERED_TOKENS:
            self._verified.clear()  # bounded memory; the live tokens come back at one decode each
        self._verified[token] = (principal, float(claims["exp"]))
        return principal


class Tokens(TokenVerifier):
    """Issues (the command API's login) and verifies access tokens with one secret."""

    def __init__(self, secret: str, ttl_seconds: int, now: Callable[[], float] = time.time) -> None:
        super().__init__(secret)
        self.ttl_seconds, self.now = ttl_seconds, now

    def issue(self, user_id: UUID, roles: list[str], login_id: UUID | None = None, generation: int = 0) -> str:
        """A signed token for ``user_id`` holding ``roles``, with every claim ``verify`` requires."""
        issued_at = int(self.now())
        claims: dict[str, object] = {
            "sub": str(user_id),
            "iat": issued_at,
            "exp": issued_at + self.ttl_seconds,
            "roles": sorted(roles),
            "gen": generation,
        }
        if login_id is not None:
            claims["sid"] = str(login_id)
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)


def _login(claims: dict[str, object]) -> UUID | None:
    sid = claims.get("sid")
    return None if sid is None else UUID(str(sid)) if isinstance(sid, str) else _malformed("sid")


def _generation(claims: dict[str, object]) -> int:
    gen = claims.get("gen", 0)
    return gen if isinstance(gen, int) and not isinstance(gen, bool) and gen >= 0 else _malformed("gen")


def _malformed(claim: str) -> Any:
    raise InvalidToken(f"the token's {claim} claim is malformed")
