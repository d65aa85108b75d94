"""GET /v1/notifications and GET /v1/stream/me: the models, the cursor and the ``Last-Event-ID``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from projections.notifications.view import Notification

MAX_NOTIFICATIONS_PAGE = 100
_MAX_POSITION = 2**63 - 1  # a bigint: anything larger is no position this API issued


class NotificationView(BaseModel):
    """One notification; ``id`` is the log position of the event that caused it (the SSE ``id``)."""

    id: str = Field(description="the log position of its cause, as a string; resume a stream from it")
    kind: str = Field(
        description="liquidation, achievement, level_up, challenge_decided, nft_sold, "
        "withdrawal_settled or withdrawal_failed"
    )
    at: datetime
    data: dict[str, Any] = Field(description="the kind's figures (decimal strings for money)")

    @classmethod
    def of(cls, n: Notification) -> NotificationView:
        return cls(id=str(n.position), kind=n.kind, at=n.at, data=n.data)


class NotificationsReply(BaseModel):
    """The caller's notifications, newest first; ``next_cursor`` is null on the last page."""

    notifications: list[NotificationView]
    next_cursor: str | None = Field(description="pass as `cursor` for the next (older) page")
    as_of_position: int = Field(description="the feed includes every event up to this log position")


def parse_position(text: str) -> int:
    """A cursor or ``Last-Event-ID``: a notification id; ``ValueError`` for anything else."""
    if not text.isascii() or not text.isdigit() or len(text) > 19 or int(text) > _MAX_POSITION:
        raise ValueError("not a notification id")
    return int(text)
