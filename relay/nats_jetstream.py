"""The NATS JetStream target: the same relay, the log as one JetStream stream, a subject per event type.

Subjects are ``<stream>.<topic>`` (``ASTRATRADE_EVENTS.trading.Wallet.Deposited``): a consumer takes one
context with the filter ``ASTRATRADE_EVENTS.trading.>`` or everything with ``ASTRATRADE_EVENTS.>``; the
stream's sequence is log order. Exactly once without a tracking row, as on Redis:

- each message carries ``Nats-Msg-Id: <position>``: a replay inside the stream's duplicate window is
  acknowledged as a duplicate and stored nothing;
- and ``Nats-Expected-Last-Msg-Id: <previous position>``: JetStream refuses a message whose
  predecessor is not the stream's last, so even past that window a replay, or a second relay, can
  neither duplicate nor reorder; the refusal counts as "already published" (the first message into
  an empty stream carries ``Nats-Expected-Last-Sequence`` instead: the stream must still be empty);
- the resume point is the ``Nats-Msg-Id`` of the stream's last message.

A batch goes out pipelined on one connection (which keeps its order), then its acknowledgements are
collected in order. nats-py is asynchronous; this class runs its client on an event loop thread of its own
so the relay stays the same synchronous loop for every target.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

import nats
from nats.errors import Error as NatsError
from nats.js.api import PubAck, StreamConfig
from nats.js.errors import APIError, BadRequestError, NotFoundError

from event_store.log import LoggedEvent
from relay.entries import message_of
from relay.target import OutOfStep, Published

T = TypeVar("T")
MSG_ID, EXPECTED_LAST, EXPECTED_LAST_SEQ = "Nats-Msg-Id", "Nats-Expected-Last-Msg-Id", "Nats-Expected-Last-Sequence"
_WRONG_LAST = "wrong last"  # JetStream's "wrong last msg ID" and "wrong last sequence"


class NatsJetStream:
    """Publishes events to the JetStream stream ``stream`` (created or updated on connect)."""

    transient: tuple[type[Exception], ...] = (NatsError, TimeoutError, ConnectionError)

    def __init__(self, url: str, stream: str = "ASTRATRADE_EVENTS", max_msgs: int = 0) -> None:
        self.stream = stream
        self._last: int | None = None  # the last position published, once known (``publish``)
        self._empty_at = 0  # the sequence of an empty stream (``published``)
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="nats-client", daemon=True).start()
        self._nc: Any = self._run(nats.connect(url, max_reconnect_attempts=-1))
        self._js = self._nc.jetstream()
        config = StreamConfig(name=stream, subjects=[f"{stream}.>"], max_msgs=max_msgs or -1)
        try:
            self._run(self._js.add_stream(config))
        except BadRequestError:  # it exists with another configuration (a new MAXLEN): take this one
            self._run(self._js.update_stream(config))

    def published(self) -> int:
        """The position of the stream's last message (0: none)."""
        for _ in range(3):
            info = self._run(self._js.stream_info(self.stream))
            if not info.state.messages:
                self._empty_at = info.state.last_seq or 0  # a purged stream keeps counting its sequence
                return 0
            try:
                last = self._run(self._js.get_msg(self.stream, seq=info.state.last_seq))
            except NotFoundError:  # appended to (and trimmed) meanwhile: ask again
                continue
            return int((last.headers or {}).get(MSG_ID, 0))
        raise OutOfStep(f"stream {self.stream} keeps moving under the relay")

    def publish(self, events: Sequence[LoggedEvent]) -> Published:
        """Publish in order; each message only if the stream's last is the log event before it."""
        if self._last is None:
            self._last = self.published()
        fresh = [event for event in events if event.position > self._last]
        outcomes = self._run(self._send_all(fresh, self._last))
        added = already = 0
        for event, outcome in zip(fresh, outcomes, strict=True):
            if isinstance(outcome, PubAck):
                added, already = added + (not outcome.duplicate), already + bool(outcome.duplicate)
            else:
                if not isinstance(outcome, APIError) or _WRONG_LAST not in str(outcome.description).lower():
                    raise outcome
                # Its predecessor was not the stream's last. Every message was accepted only after its own
                # predecessor, so the stream is a gap-free prefix of the log: either it holds this event
                # (a replay) or it went back (recreated, purged) and the relay must resume from it.
                truth = self.published()
                if truth < event.position:
                    self._last = None
                    raise OutOfStep(f"stream {self.stream} ends at position {truth}, behind the relay") from outcome
                already += 1
        if events:
            self._last = max(self._last, events[-1].position)
        return Published(added, already + len(events) - len(fresh))

    async def _send_all(self, events: Sequence[LoggedEvent], last: int) -> list[PubAck | BaseException]:
        """Publish without waiting between messages (one connection keeps them in order), then collect
        each acknowledgement or refusal, in order."""
        pending = []
        for event in events:
            # The first message into an empty stream expects it empty: a replay can never start it over.
            expected = {EXPECTED_LAST: str(last)} if last else {EXPECTED_LAST_SEQ: str(self._empty_at)}
            headers = {MSG_ID: str(event.position), **expected}
            pending.append(
                await self._js.publish_async(f"{self.stream}.{event.topic}", message_of(event), headers=headers)
            )
            last = event.position
        return list(await asyncio.gather(*pending, return_exceptions=True))

    def close(self) -> None:
        self._run(self._nc.close())
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)
