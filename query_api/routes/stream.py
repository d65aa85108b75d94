"""GET /v1/stream/leaderboards/{metric}: Server-Sent Events of a board's rank changes, any user.

The stream opens with a ``snapshot`` event (the board's first ``limit`` entries, read
once this process's Redis subscription is live, so nothing published after it is
missed), then one ``rank`` event per entry that moved (``rank``, ``previous_rank``,
``value``; ``id`` is the log position), ``resync`` when the client should re-read the
board (Redis came back, the mirror rebuilt, or the client fell behind), and a
comment every 15 s to keep proxies from closing an idle stream.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from projections.leaderboard.boards import Board
from query_api.deps import CurrentUser, Services
from query_api.errors import documented
from query_api.live.boards import LeaderboardReads
from query_api.live.hub import Hub, Message
from query_api.routes.leaderboards import Now, Reads, current_board
from query_api.schemas.leaderboards import Entry, MetricPath, StreamParams

router = APIRouter(prefix="/v1/stream", tags=["leaderboards"])
HEARTBEAT_SECONDS = 15.0
SUBSCRIBE_WAIT = 1.0  # seconds the snapshot waits for the Redis subscription (Redis down: it goes ahead)
_SSE = {200: {"description": "`text/event-stream`: `snapshot`, then `rank` and `resync` events",
              "content": {"text/event-stream": {}}}}


@router.get("/leaderboards/{metric}", response_class=StreamingResponse,
            responses={**_SSE, **documented(401, 422, 503)})
async def stream_leaderboard(metric: MetricPath, params: Annotated[StreamParams, Query()], _: CurrentUser,
                             c: Services, reads: Reads, now: Now) -> StreamingResponse:
    """Rank changes of the current board as Server-Sent Events, within a second of the trade that made them."""
    board = current_board(metric, params.window, params.clan_id, now)
    await run_in_threadpool(reads.reach, params.min_position)  # 503 now, before the stream starts
    events = _events(board, params.limit, reads, c.live.hub)
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _events(board: Board, limit: int, reads: LeaderboardReads, hub: Hub) -> AsyncIterator[str]:
    async with hub.subscribe() as queue:
        await hub.ready(SUBSCRIBE_WAIT)
        page = await run_in_threadpool(reads.page, board, limit, None, None)
        snapshot = {"metric": board.metric.value, "window": board.window.value, "bucket": board.label,
                    "clan_id": str(board.clan_id) if board.clan_id else None, "source": page.source,
                    "entries": [Entry.of(e, page.names).model_dump(mode="json") for e in page.entries]}
        yield _event("snapshot", snapshot, page.as_of_position)
        while True:
            try:
                message = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if message.get("type") == "resync":
                yield _event("resync", message, message.get("position"))
            elif _on(board, message):
                yield _event("rank", message, message.get("position"))


def _on(board: Board, message: Message) -> bool:
    clan = str(board.clan_id) if board.clan_id else None
    return (message.get("metric"), message.get("window"), message.get("clan_id")) == (
        board.metric.value, board.window.value, clan)


def _event(name: str, data: Any, position: int | None) -> str:
    ident = f"id: {position}\n" if position is not None else ""
    return f"event: {name}\n{ident}data: {json.dumps(data, separators=(',', ':'))}\n\n"
