"""The Redis Streams target: one stream per bounded context and ``all``, entry ids from positions.

Exactly once, resumable, without a tracking row: each batch is one MULTI/EXEC, so its entries in
every stream land together or not at all (a relay killed mid-batch leaves nothing of it), and the
last id of ``all`` *is* the resume point. A replayed entry (a restart, a second relay) is refused by
Redis itself, its id not being above the stream's last; that refusal counts as "already published".
"""

from __future__ import annotations

from collections.abc import Sequence

import redis

from event_store.log import LoggedEvent
from relay.entries import context_of, entry_id, fields_of, position_of
from relay.target import OutOfStep, Published

ALL = "all"
# Redis' answer to an XADD whose explicit id is not above the stream's last one.
_ALREADY_THERE = "equal or smaller than the target stream top item"


class RedisStreams:
    """Publishes events to ``<prefix><context>`` and ``<prefix>all``, trimmed to about ``maxlen`` each."""

    transient: tuple[type[Exception], ...] = (redis.ConnectionError, redis.TimeoutError)

    def __init__(self, client: redis.Redis, prefix: str = "astratrade:events:", maxlen: int | None = None) -> None:
        self.client, self.prefix, self.maxlen = client, prefix, maxlen or None  # 0: never trimmed
        self._last = 0  # the last position this instance saw published

    def stream(self, context: str) -> str:
        return self.prefix + context

    def published(self) -> int:
        """The position of the last event published (0: none). ``all`` remembers its last id even when
        trimming removed the entry, so this survives any MAXLEN."""
        try:
            info = self.client.xinfo_stream(self.stream(ALL))
        except redis.ResponseError as error:
            if "no such key" in str(error):
                return 0
            raise
        return position_of(info["last-generated-id"])

    def publish(self, events: Sequence[LoggedEvent]) -> Published:
        """Append ``events`` (in log order) to their context's stream and to ``all``, in one transaction."""
        if self.published() < self._last:  # the streams were deleted or flushed under us
            self._last = 0
            raise OutOfStep(f"stream {self.stream(ALL)} lost entries it had: publishing the log again")
        pipe = self.client.pipeline(transaction=True)
        for event in events:
            fields, at = fields_of(event), entry_id(event.position)
            for stream in (self.stream(context_of(event.topic)), self.stream(ALL)):
                pipe.xadd(stream, fields, id=at, maxlen=self.maxlen, approximate=True)  # type: ignore[arg-type]
        results = pipe.execute(raise_on_error=False)
        refused = [r for r in results if isinstance(r, Exception)]
        unexpected = [r for r in refused if _ALREADY_THERE not in str(r)]
        if unexpected:
            raise unexpected[0]
        already = sum(isinstance(r, Exception) for r in results[1::2])  # counted on ``all``: one per event
        self._last = events[-1].position
        return Published(added=len(events) - already, already=already)
