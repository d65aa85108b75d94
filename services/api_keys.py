"""API keys: issue (the key is shown once; only its hash is recorded) and revoke.

A key is ``atk_<key id hex>_<random>``: it names its ApiKey so authentication is
one lookup by primary key (``http_common.access``); listing is the query API's.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from aggregates.errors import NotFound
from aggregates.user.api_key import ApiKey
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as
from services.sessions import wall_clock

KEY_PREFIX = "atk_"  # http_common.access parses this form


@dataclass(frozen=True)
class IssuedKey:
    """The command's result, and the key itself: never part of the stored answer."""

    result: CommandResult
    key: str


class ApiKeyService:
    """issue / revoke of a user's API keys."""

    def __init__(self, runner: CommandRunner, now: Callable[[], datetime] = wall_clock) -> None:
        self.runner, self.now = runner, now

    def issue(
        self,
        owner_id: UUID,
        name: str,
        scopes: list[str],
        expires_at: datetime | None,
        context: CommandContext,
        idem: Idempotency | None = None,
    ) -> IssuedKey:
        """Issue a key with ``scopes``; the answer recorded for an Idempotency-Key never holds the key."""
        key_id = uuid4()
        key = f"{KEY_PREFIX}{key_id.hex}_{secrets.token_urlsafe(32)}"
        digest = hashlib.sha256(key.encode()).hexdigest()

        def decide() -> Decision:
            issued = ApiKey.issue(key_id, owner_id, name, scopes, digest, expires_at, self.now())
            body = {
                "api_key_id": str(key_id),
                "name": name,
                "scopes": issued.scopes,
                "expires_at": expires_at.isoformat() if expires_at else None,
            }
            return Decision([issued], body, status=201)

        return IssuedKey(self.runner.run(decide, context, idem), key)

    def revoke(
        self, owner_id: UUID, key_id: UUID, context: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Revoke the owner's key; another user's key is not found (404)."""

        def decide() -> Decision:
            key = get_as(self.runner.store.repository, key_id, ApiKey, "API key")
            if key.owner_id != owner_id or key.revoked:  # a revoked key is gone from its owner's view
                raise NotFound(f"API key {key_id} not found")
            key.revoke()
            return Decision([key], {"api_key_id": str(key_id), "revoked": True})

        return self.runner.run(decide, context, idem)
