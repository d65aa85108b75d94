"""GET /v1/stream/market/{symbol}: Server-Sent Events of a symbol's ticks (and closed candles), any user.

Fed by the ``market_stream`` projection through Redis pub/sub and this process's market
hub (one subscription for every client). Events: ``tick`` (``symbol``, ``price``, ``at``;
``id`` is the log position), ``candle`` (a closed candle of the ticks, published by the same
projection), ``resync`` (Redis came back, or this client fell behind: re-read the
ticker), and a comment every 15 s. A slow client never slows the others: each has its own
queue of ``QUEUE_SIZE`` messages; when it is full its backlog is dropped and it gets
``resync`` (docs/markets-feed.md "Live stream"). ``sse-starlette`` writes the stream, as the
leaderboards' (``routes/stream.py``): a SIGTERM ends open streams instead of waiting for them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from query_api.deps import CurrentUser, Services
from query_api.errors import documented
from query_api.live.hub import Hub
from query_api.schemas.indicators import SymbolPath

router = APIRouter(prefix="/v1/stream", tags=["market"])
HEARTBEAT_SECONDS = 15.0
SUBSCRIBE_WAIT = 1.0  # seconds the stream waits for the Redis subscription before its first byte
_SSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: `ready`, then `tick`, `candle` and `resync` events",
        "content": {"text/event-stream": {}},
    }
}


@router.get("/market/{symbol}", response_class=EventSourceResponse, responses={**_SSE, **documented(401, 422)})
async def stream_market(symbol: SymbolPath, _: CurrentUser, c: Services) -> EventSourceResponse:
    """Every tick of `symbol` as Server-Sent Events, and each candle as it closes."""
    return EventSourceResponse(
        _events(symbol, c.live.market),
        ping=HEARTBEAT_SECONDS,
        sep="\n",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _events(symbol: str, hub: Hub) -> AsyncIterator[ServerSentEvent]:
    async with hub.subscribe(lambda m: m.get("symbol") == symbol) as queue:
        live = await hub.ready(SUBSCRIBE_WAIT)
        yield _event("ready", {"symbol": symbol, "live": live}, None)  # from here on, nothing published is missed
        while True:
            message = await queue.get()
            yield _event(str(message.get("type", "tick")), message, message.get("position"))


def _event(name: str, data: Any, position: int | None) -> ServerSentEvent:
    return ServerSentEvent(
        json.dumps(data, separators=(",", ":")), event=name, id=None if position is None else str(position)
    )
