"""Bearer tokens: HS256 JWTs carrying the user id and the roles held at login.

One policy for both APIs. Decoding pins the algorithm (no ``alg: none``, no key
confusion) and requires ``exp``, ``iat`` and ``sub``; ``roles`` must be a list of
known role names. Token times follow the wall clock, not the domain clock injected
for events, so a test clock never mints already-expired tokens.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
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
    """The authenticated caller: a user id and the roles in their token."""

    user_id: UUID
    roles: frozenset[str]

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
            principal = Principal(UUID(claims["sub"]), frozenset(roles))
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

    def issue(self, user_id: UUID, roles: list[str]) -> str:
        """A signed token for ``user_id`` holding ``roles``, with every claim ``verify`` requires."""
        issued_at = int(self.now())
        claims = {"sub": str(user_id), "iat": issued_at, "exp": issued_at + self.ttl_seconds, "roles": sorted(roles)}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)
