"""POST /v1/users/{user_id}/erasure: the reply."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from command_api.schemas.common import CommandReply


class ErasureReply(CommandReply):
    """The user's personal data is unreadable from now on; their events stay, hashes unchanged."""

    user_id: UUID
    erased: bool = Field(True, description="always true: the key sealing the user's personal data is destroyed")
