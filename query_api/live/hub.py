"""Fan-out of rank changes: one Redis pub/sub subscription per query API process, many SSE clients.

Every process subscribes to the same channels, so a change the mirror publishes once
reaches the subscribers of every process. The subscription exists only while some
client listens; after Redis comes back from an outage every client is told to
``resync`` (changes published meanwhile are lost with pub/sub, by design).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
Message = dict[str, Any]
QUEUE_SIZE = 256  # a client this far behind is told to resync instead
Accept = Callable[[Message], bool]


class Hub:
    """Subscribes to ``pattern`` on ``url`` while at least one client listens."""

    def __init__(self, url: str, pattern: str) -> None:
        self.url, self.pattern = url, pattern
        self._clients: dict[asyncio.Queue[Message], Accept | None] = {}
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    @asynccontextmanager
    async def subscribe(self, accept: Accept | None = None) -> AsyncIterator[asyncio.Queue[Message]]:
        """A queue receiving every message ``accept`` takes (all by default), and ``resync`` notices, while the
        block runs; filtered before queueing, so only a client's own messages count against its queue."""
        queue: asyncio.Queue[Message] = asyncio.Queue(QUEUE_SIZE)
        self._clients[queue] = accept
        if self._task is None or self._task.done():
            self._ready.clear()
            self._task = asyncio.get_running_loop().create_task(self._follow(), name="live-ranks-hub")
        try:
            yield queue
        finally:
            self._clients.pop(queue, None)
            if not self._clients:
                self.stop()

    async def ready(self, timeout: float) -> bool:
        """True once the Redis subscription is live (False after ``timeout``, e.g. Redis is down)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout)
        return self._ready.is_set()

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _follow(self) -> None:
        delay, failed = 0.5, False
        while True:
            client = aioredis.Redis.from_url(self.url, socket_connect_timeout=1)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.psubscribe(self.pattern)
                    self._ready.set()
                    if failed:
                        self._broadcast({"type": "resync"})
                    delay, failed = 0.5, False
                    async for message in pubsub.listen():
                        if message.get("type") == "pmessage":
                            self._broadcast(json.loads(message["data"]))
            except (RedisError, OSError, ValueError) as error:
                self._ready.clear()
                log.warning("live ranks hub: %s; resubscribing in %.1fs", error, delay)
                failed = True
                await asyncio.sleep(delay)
                delay = min(5.0, delay * 2)
            finally:
                await client.aclose()

    def _broadcast(self, message: Message) -> None:
        for queue, accept in list(self._clients.items()):
            if accept is not None and message.get("type") != "resync" and not accept(message):
                continue
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:  # too slow a reader: drop its backlog, tell it to re-read
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait({"type": "resync"})
