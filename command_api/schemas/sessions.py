"""Refresh, logout and API keys."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, Field

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import encodable

Scope = Literal["read", "trade", "backtest"]


class RefreshRequest(StrictRequest):
    refresh_token: Annotated[str, Field(min_length=1, max_length=128), AfterValidator(encodable)]


class LogoutReply(CommandReply):
    login_id: str
    logged_out: bool


class ApiKeyRequest(StrictRequest):
    name: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$"), AfterValidator(encodable)]
    scopes: list[Scope] = Field(min_length=1, max_length=3, examples=[["read", "trade"]])
    expires_at: AwareDatetime | None = Field(None, strict=False, description="ISO 8601 with a time zone")


class ApiKeyReply(CommandReply):
    api_key_id: str
    name: str
    scopes: list[str]
    expires_at: str | None
    key: str | None = Field(description="the key, shown only in this answer (null in an idempotent replay)")


class RevokedKeyReply(CommandReply):
    api_key_id: str
    revoked: bool
