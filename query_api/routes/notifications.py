"""GET /v1/notifications (newest first, cursor) and GET /v1/stream/me (the same, live, as Server-Sent Events).

The stream follows the ``notifications`` read model, not Redis: each stream reads the caller's
rows after the last id it sent, in log order, so a client resuming with ``Last-Event-ID`` gets
every notification after that id exactly once, and two streams of one user get the same
events. Without ``Last-Event-ID`` a stream starts at the model's position when it opens (what
came before is GET /v1/notifications' to show). The projection commits rows with its tracking
position, in log order, so no row can appear behind one already sent.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from projections.notifications.projection import NotificationsProjection
from projections.notifications.view import Notification, NotificationsView
from projections.runtime.base import Tables
from query_api.container import Container
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.notifications import (
    MAX_NOTIFICATIONS_PAGE,
    NotificationsReply,
    NotificationView,
    parse_position,
)

router = APIRouter(prefix="/v1", tags=["notifications"])
Limit = Annotated[int, Query(ge=1, le=MAX_NOTIFICATIONS_PAGE, description="notifications per page")]
Cursor = Annotated[str | None, Query(max_length=40, description="`next_cursor` of the previous page")]
LastEventId = Annotated[
    str | None, Header(alias="Last-Event-ID", max_length=40, description="resume after this notification id")
]
POLL_SECONDS = 0.25  # how often an idle stream looks for new rows (one indexed query on its user)
HEARTBEAT_SECONDS = 15.0
BATCH = 100
NEEDS = Needs([NotificationsProjection.name])
_SSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: `ready`, then one `notification` event per notification (`id`: its id)",
        "content": {"text/event-stream": {}},
    }
}


@router.get("/notifications", response_model=NotificationsReply, responses=documented(401, 422, 429, 503))
async def my_notifications(
    caller: CurrentUser,
    c: Services,
    reads: Reads,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> NotificationsReply:
    """The caller's own notifications, newest first, ``limit`` per page."""
    before = _position(cursor, "cursor") if cursor else 2**63 - 1
    tables = _tables(c)
    found = await reads(
        NEEDS, min_position, lambda conn: NotificationsView().newest(conn, tables, caller.user_id, before, limit + 1)
    )
    rows = found.value
    page = [NotificationView.of(n) for n in rows[:limit]]
    return NotificationsReply(
        notifications=page, next_cursor=page[-1].id if len(rows) > limit else None, as_of_position=found.as_of_position
    )


@router.get("/stream/me", response_class=EventSourceResponse, responses={**_SSE, **documented(401, 422, 503)})
async def stream_me(caller: CurrentUser, c: Services, last_event_id: LastEventId = None) -> EventSourceResponse:
    """The caller's notifications as Server-Sent Events, live; ``Last-Event-ID`` resumes with none lost or repeated."""
    after = _position(last_event_id, "Last-Event-ID") if last_event_id else await run_in_threadpool(_head, c)
    # sse-starlette, as every stream of this API: a SIGTERM ends open streams instead of waiting for them.
    return EventSourceResponse(
        _events(c, caller.user_id, after),
        ping=HEARTBEAT_SECONDS,
        sep="\n",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _events(c: Container, user_id: UUID, after: int) -> AsyncIterator[ServerSentEvent]:
    # First a ``ready`` event (no ``id``, so the client's Last-Event-ID stays): the stream is live,
    # and every notification after ``after`` will follow.
    yield ServerSentEvent(json.dumps({"after": str(after)}), event="ready")
    while True:
        found = await run_in_threadpool(_after, c, user_id, after)
        for n in found:
            yield _event(n)
            after = n.position
        if not found:
            await asyncio.sleep(POLL_SECONDS)


def _after(c: Container, user_id: UUID, after: int) -> list[Notification]:
    with c.pool.connection() as conn:
        return NotificationsView().after(conn, _tables(c), user_id, after, BATCH)


def _head(c: Container) -> int:
    with c.pool.connection() as conn:
        return c.progress.position(conn, NotificationsProjection.name)


def _tables(c: Container) -> Tables:
    return c.read_models.tables_for(NotificationsProjection)


def _position(text: str, what: str) -> int:
    try:
        return parse_position(text)
    except ValueError:
        raise ApiProblem(422, "validation_error", f"{what}: not a notification id") from None


def _event(n: Notification) -> ServerSentEvent:
    data = NotificationView.of(n).model_dump(mode="json")
    return ServerSentEvent(json.dumps(data, separators=(",", ":")), event="notification", id=str(n.position))
