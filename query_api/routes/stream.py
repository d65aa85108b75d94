"""GET /v1/stream/leaderboards/{metric}: Server-Sent Events of a board's rank changes, any user.

The stream opens with a ``snapshot`` event (the board's first ``limit`` entries, read
once this process's Redis subscription is live, so nothing published after it is
missed), then one ``rank`` event per entry that moved (``rank``, ``previous_rank``,
``value``; ``id`` is the log position), ``resync`` when the client should re-read the
board (Redis came back, the mirror rebuilt, or the client fell behind), and a
comment every 15 s to keep proxies from closing an idle stream.

``sse-starlette`` writes the stream: it ends open streams when the server is told to
stop, so a SIGTERM stops the process promptly instead of waiting for every client.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from projections.leaderboard.boards import Board
from query_api.deps import Boards, Now, Reads, Services
from query_api.errors import documented
from query_api.live.hub import Hub, Message
from query_api.reading import Reader
from query_api.reads.boards import BoardReads
from query_api.schemas.leaderboards import Entry, MetricPath, StreamParams

router = APIRouter(prefix="/v1/stream", tags=["leaderboards"])
HEARTBEAT_SECONDS = 15.0
SUBSCRIBE_WAIT = 1.0  # seconds the snapshot waits for the Redis subscription (Redis down: it goes ahead)
_SSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: `snapshot`, then `rank` and `resync` events",
        "content": {"text/event-stream": {}},
    }
}


@router.get(
    "/leaderboards/{metric}", response_class=EventSourceResponse, responses={**_SSE, **documented(401, 422, 429, 503)}
)
async def stream_leaderboard(
    metric: MetricPath, params: Annotated[StreamParams, Query()], c: Services, boards: Boards, reads: Reads, now: Now
) -> EventSourceResponse:
    """Rank changes of the current board as Server-Sent Events, within a second of the trade that made them."""
    board = Board.current(metric, params.window, now, params.clan_id)
    await reads.reach(boards.needs, params.min_position)  # 503 now, before the stream starts
    events = _events(board, params.limit, c.reader, boards, c.live.hub)
    return EventSourceResponse(
        events, ping=HEARTBEAT_SECONDS, sep="\n", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


async def _events(
    board: Board, limit: int, reader: Reader, boards: BoardReads, hub: Hub
) -> AsyncIterator[ServerSentEvent]:
    async with hub.subscribe() as queue:
        await hub.ready(SUBSCRIBE_WAIT)
        found = await run_in_threadpool(
            reader.snapshot, boards.needs.names, lambda conn: boards.page(conn, board, limit, None, None)
        )
        page = found.value
        snapshot = {
            "metric": board.metric.value,
            "window": board.window.value,
            "bucket": board.label,
            "clan_id": str(board.clan_id) if board.clan_id else None,
            "source": page.source,
            "entries": [Entry.of(e, page.names).model_dump(mode="json") for e in page.entries],
        }
        as_of = found.as_of_position if page.as_of_position is None else page.as_of_position
        yield _event("snapshot", snapshot, as_of)
        while True:
            message = await queue.get()
            if message.get("type") == "resync":
                yield _event("resync", message, message.get("position"))
            elif _on(board, message):
                yield _event("rank", message, message.get("position"))


def _on(board: Board, message: Message) -> bool:
    clan = str(board.clan_id) if board.clan_id else None
    return (message.get("metric"), message.get("window"), message.get("clan_id")) == (
        board.metric.value,
        board.window.value,
        clan,
    )


def _event(name: str, data: Any, position: int | None) -> ServerSentEvent:
    return ServerSentEvent(
        json.dumps(data, separators=(",", ":")), event=name, id=None if position is None else str(position)
    )
