"""The caller's API keys (never the key itself)."""

from __future__ import annotations

from pydantic import BaseModel


class ApiKeyView(BaseModel):
    api_key_id: str
    name: str
    scopes: list[str]
    created_at: str
    expires_at: str | None


class ApiKeysReply(BaseModel):
    api_keys: list[ApiKeyView]
