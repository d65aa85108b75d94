"""GET /v1/challenges/{challenge_id} and GET /v1/challenges: the response models."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from aggregates.social.challenge import Status
from projections.challenges.view import Side, Standing
from query_api.schemas.common import DecimalString

MAX_CHALLENGES_PAGE = 100


class WindowView(BaseModel):
    """The challenge's window: closes stamped in [starts_at, ends_at) count."""

    starts_at: datetime
    ends_at: datetime


class SideView(BaseModel):
    """One of the two users and what they have booked in the window so far."""

    user_id: UUID
    realized_pnl: DecimalString = Field(
        description="net realized P&L (after opening and closing fees) of the closes counted so far, USD"
    )
    closes: int = Field(description="how many of the user's closes count so far")

    @classmethod
    def of(cls, side: Side) -> SideView:
        return cls(user_id=side.user_id, realized_pnl=side.realized_pnl, closes=side.closes)


class ChallengeReply(BaseModel):
    """A challenge between two friends as of ``as_of_position`` of the global log."""

    challenge_id: UUID
    status: Status = Field(
        description="offered → accepted (window running) → ended (window over) → decided (winner named); "
        "or offered → declined, or expired (unanswered for 24 h)"
    )
    hours: int = Field(description="length of the window")
    offered_at: datetime
    window: WindowView | None = Field(description="null until the opponent accepts")
    currency: str = Field(description="currency of the P&L figures", examples=["USD"])
    challenger: SideView
    opponent: SideView
    winner_id: UUID | None = Field(
        description="who booked more net P&L in the window; null until decided, and for a tie once decided"
    )
    decided_at: datetime | None
    as_of_position: int = Field(description="the challenge includes every event up to this log position")

    @classmethod
    def of(cls, s: Standing, as_of_position: int) -> ChallengeReply:
        window = WindowView(starts_at=s.starts_at, ends_at=s.ends_at) if s.starts_at and s.ends_at else None
        return cls(
            challenge_id=s.challenge_id,
            status=s.status,
            hours=s.hours,
            offered_at=s.offered_at,
            window=window,
            currency="USD",
            challenger=SideView.of(s.challenger),
            opponent=SideView.of(s.opponent),
            winner_id=s.winner_id,
            decided_at=s.decided_at,
            as_of_position=as_of_position,
        )


class ChallengesReply(BaseModel):
    """The caller's challenges, newest offer first."""

    challenges: list[ChallengeReply]
    as_of_position: int = Field(description="the list includes every event up to this log position")
