"""Whether a verified caller may still call: revocation of tokens and API keys, in O(1).

Both APIs ask the access tables (``event_store.access``: written in the transaction of
the events they follow) by primary key, and remember each answer for at most
``TOKEN_CHECK_CACHE_SECONDS`` (≤ 1 s): a revocation takes effect on every process
within that bound (at once in the command process that recorded it, which forgets
what it remembered of that user), and a busy caller costs one indexed read per second, not one per
request. A hit is answered without I/O on the event loop; a miss reads in a worker
thread. A database that cannot answer fails closed (503), never open.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import PersistenceError
from psycopg import sql
from psycopg.rows import tuple_row
from starlette.concurrency import run_in_threadpool

from aggregates.user.roles import Role
from http_common.problems import INVALID_TOKEN, ApiProblem
from http_common.tokens import Principal

API_KEY_PREFIX = "atk_"
_REMEMBERED = 10_000
_DEFAULT_ROLES = (Role.TRADER.value,)  # a user with no access row yet (registered before the table existed)
Connect = Callable[[], AbstractContextManager[Any]]


def key_hash(key: str) -> str:
    """What is stored of an API key: SHA-256 of it (256 random bits: no salt or stretching needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class UserAccess:
    generation: int
    roles: frozenset[str]
    erased: bool


@dataclass(frozen=True)
class KeyAccess:
    owner_id: UUID
    scopes: frozenset[str]
    key_hash: str
    expires_at: datetime | None
    revoked: bool
    owner: UserAccess


def revoked(detail: str) -> ApiProblem:
    return ApiProblem(401, "token_revoked", detail, INVALID_TOKEN)


class AccessCheck:
    """Admits bearer principals not revoked since issue, and turns API keys into principals."""

    def __init__(self, connect: Connect, schema: str, ttl_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.connect, self.ttl, self.clock = connect, ttl_seconds, clock
        users, logins, keys = (
            sql.Identifier(schema, t) for t in ("access_users", "access_ended_logins", "access_api_keys")
        )
        self._bearer = sql.SQL(
            "SELECT u.generation, u.roles, u.erased, EXISTS (SELECT 1 FROM {} WHERE login_id = %(sid)s) "
            "FROM (SELECT 1) AS one LEFT JOIN {} AS u ON u.user_id = %(uid)s"
        ).format(logins, users)
        self._key = sql.SQL(
            "SELECT k.owner_id, k.scopes, k.key_hash, k.expires_at, k.revoked, u.generation, u.roles, u.erased "
            "FROM {} AS k LEFT JOIN {} AS u ON u.user_id = k.owner_id WHERE k.api_key_id = %s"
        ).format(keys, users)
        self._cache: dict[Any, tuple[float, Any]] = {}

    async def admit(self, principal: Principal) -> None:
        """Refuse (401 ``token_revoked``) a bearer token whose user or login was revoked since issue."""
        user, ended = await self._cached(
            ("bearer", principal.user_id, principal.login_id), self._load_bearer, principal.user_id, principal.login_id
        )
        if user.erased:
            raise revoked("this account was erased")
        if ended or principal.generation < user.generation:
            raise revoked("this token was revoked (logout, or a change of the account's roles); sign in again")

    async def api_key(self, key: str) -> Principal:
        """The principal an API key acts as (its owner's live roles but admin, at most its scopes), else 401."""
        key_id = _key_id(key)
        found: KeyAccess | None = await self._cached(("key", key_id), self._load_key, key_id) if key_id else None
        if found is None or not hmac.compare_digest(found.key_hash, key_hash(key)):
            raise ApiProblem(401, "invalid_token", "the API key is invalid", INVALID_TOKEN)
        if found.revoked or found.owner.erased:
            raise revoked("this API key was revoked")
        if found.expires_at is not None and found.expires_at <= datetime.now(UTC):
            raise ApiProblem(401, "invalid_token", "the API key has expired", INVALID_TOKEN)
        roles = found.owner.roles - {Role.ADMIN.value}
        return Principal(found.owner_id, frozenset(roles), api_key_id=key_id, scopes=found.scopes)

    def forget(self, user_ids: set[UUID]) -> None:
        """Drop what is remembered about ``user_ids``: this process revoked something of theirs."""
        for cache_key, (_, value) in list(self._cache.items()):
            owner = cache_key[1] if cache_key[0] == "bearer" else getattr(value, "owner_id", None)
            if owner in user_ids:
                self._cache.pop(cache_key, None)

    async def _cached(self, cache_key: Any, load: Callable[..., Any], *args: Any) -> Any:
        now = self.clock()
        hit = self._cache.get(cache_key)
        if hit is not None and now < hit[0]:
            return hit[1]
        try:
            value = await run_in_threadpool(load, *args)
        except (psycopg.Error, PersistenceError) as error:
            raise ApiProblem(
                503, "service_unavailable", "credentials cannot be checked right now; retry", {"Retry-After": "1"}
            ) from error
        if len(self._cache) >= _REMEMBERED:
            self._cache.clear()
        if self.ttl > 0:
            self._cache[cache_key] = (now + self.ttl, value)
        return value

    def _load_bearer(self, user_id: UUID, login_id: UUID | None) -> tuple[UserAccess, bool]:
        row = self._fetch(self._bearer, {"uid": user_id, "sid": login_id})
        assert row is not None
        return _user(row[0], row[1], row[2]), bool(row[3])

    def _load_key(self, key_id: UUID) -> KeyAccess | None:
        row = self._fetch(self._key, (key_id,))
        if row is None:
            return None
        return KeyAccess(row[0], frozenset(row[1]), row[2], row[3], row[4], _user(row[5], row[6], row[7]))

    def _fetch(self, query: sql.Composed, params: Any) -> tuple[Any, ...] | None:
        with self.connect() as conn, conn.cursor(row_factory=tuple_row) as cursor:
            cursor.execute(query, params)
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row


def _user(generation: int | None, roles: list[str] | None, erased: bool | None) -> UserAccess:
    if generation is None:  # no row: nothing about this user was ever revoked
        return UserAccess(0, frozenset(_DEFAULT_ROLES), erased=False)
    return UserAccess(generation, frozenset(roles or ()), bool(erased))


def _key_id(key: str) -> UUID | None:
    """The key's id, from ``atk_<32 hex>_<secret>``; None when it is not of that form."""
    body = key.removeprefix(API_KEY_PREFIX)
    if body == key or len(body) < 34 or body[32] != "_":
        return None
    try:
        return UUID(hex=body[:32])
    except ValueError:
        return None
