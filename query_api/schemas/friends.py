"""GET /v1/friends: the response model."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from projections.friends.view import FriendList, PendingRequest


class FriendView(BaseModel):
    user_id: UUID
    since: datetime = Field(description="when the two became friends (the latest time, after an unfriending)")


class PendingRequestView(BaseModel):
    request_id: UUID
    user_id: UUID = Field(description="the other user: who sent it (incoming) or whom it asks (outgoing)")
    sent_at: datetime

    @classmethod
    def of(cls, p: PendingRequest, other: UUID) -> PendingRequestView:
        return cls(request_id=p.request_id, user_id=other, sent_at=p.sent_at)


class FriendsReply(BaseModel):
    """The caller's friends (oldest friendship first) and pending requests both ways."""

    friends: list[FriendView]
    incoming: list[PendingRequestView] = Field(description="pending requests the caller may accept or decline")
    outgoing: list[PendingRequestView] = Field(description="the caller's requests still awaiting an answer")
    as_of_position: int = Field(description="the list includes every event up to this log position")

    @classmethod
    def of(cls, f: FriendList, as_of_position: int) -> FriendsReply:
        return cls(
            friends=[FriendView(user_id=x.user_id, since=x.since) for x in f.friends],
            incoming=[PendingRequestView.of(p, p.requester_id) for p in f.incoming],
            outgoing=[PendingRequestView.of(p, p.addressee_id) for p in f.outgoing],
            as_of_position=as_of_position,
        )
