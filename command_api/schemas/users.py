"""Registration, login and role grants."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from aggregates.user.roles import Role
from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import Email, Password, Username, encodable


class RegisterRequest(StrictRequest):
    username: Username
    email: Email
    password: Password


class RegisterReply(CommandReply):
    user_id: str


class TokenRequest(StrictRequest):
    username: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(encodable)]
    password: Annotated[str, Field(min_length=1, max_length=128), AfterValidator(encodable)]

    model_config = ConfigDict(json_schema_extra={"examples": [{"username": "alice", "password": "correct horse"}]})


class TokenReply(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int
    refresh_token: str | None = Field(None, description="opaque, single use: POST /v1/auth/refresh")
    refresh_expires_in: int | None = None


class GrantRoleRequest(StrictRequest):
    role: Role = Field(strict=False, examples=["price_feed"])  # the enum's values arrive as JSON strings


class GrantRoleReply(CommandReply):
    user_id: str
    roles: list[str]
