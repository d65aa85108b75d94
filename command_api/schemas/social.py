"""Clans, friends and challenges."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from aggregates.social.challenge import MAX_HOURS, MIN_HOURS
from command_api.schemas.common import CommandReply, StrictRequest

# ASCII letters, digits, and single inner spaces, dots, dashes or underscores: no look-alike names.
ClanName = Annotated[
    str, Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9]+([ ._-][A-Za-z0-9]+)*$", examples=["Moon Cats"])
]
# A UUID arrives as a JSON string; strict mode would accept only a UUID object.
UserId = Annotated[UUID, Field(strict=False, examples=["3fa85f64-5717-4562-b3fc-2c963f66afa6"])]


class FoundClanRequest(StrictRequest):
    name: ClanName


class FoundClanReply(CommandReply):
    clan_id: str
    name: str


class MembershipReply(CommandReply):
    clan_id: str
    user_id: str
    members: int = Field(description="members after the change")


class AddFriendRequest(StrictRequest):
    user_id: UserId


class FriendRequestReply(CommandReply):
    request_id: str
    requester_id: str
    addressee_id: str
    status: str = Field(description="pending, accepted or declined", examples=["pending"])


class UnfriendReply(CommandReply):
    user_id: str
    friend_id: str
    status: str = Field(examples=["unfriended"])


class OfferChallengeRequest(StrictRequest):
    opponent_id: UserId
    hours: int = Field(ge=MIN_HOURS, le=MAX_HOURS, examples=[24])


class ChallengeReply(CommandReply):
    challenge_id: str
    challenger_id: str
    opponent_id: str
    hours: int
    status: str
    starts_at: str | None = Field(None, description="window start (ISO 8601, UTC), once accepted")
    ends_at: str | None = Field(None, description="window end (exclusive), once accepted")
