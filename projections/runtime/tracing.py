"""What a worker logs of the events it applies, with their correlation ids.

One INFO line per batch (positions, count, the events' correlation ids), one DEBUG
line per event. While a batch whose events share one correlation id is applied (a
single command's events, or the one-by-one retry of a failing batch), that id is in
``applying_correlation``, so a handler's own logs and errors carry it too: the
process's log formatter reads it (``astratrade.logs.correlation_id``). The runtime
does this itself, for every worker, instead of the CLI wrapping each projection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from event_store.log import LoggedEvent

applying_correlation: ContextVar[str | None] = ContextVar("astratrade_applying_correlation_id", default=None)
log = logging.getLogger("astratrade.worker")
_MAX_LISTED = 20  # correlation ids listed per batch line


@contextmanager
def traced(projection: str, events: Sequence[LoggedEvent]) -> Iterator[None]:
    """Log the batch ``events`` of ``projection``, and bind their correlation id while it is applied."""
    ids = [str(e.metadata.get("correlation_id") or "") or None for e in events]
    distinct = list(dict.fromkeys(i for i in ids if i))
    token = applying_correlation.set(distinct[0] if len(distinct) == 1 else None)
    try:
        if log.isEnabledFor(logging.DEBUG):
            for event, cid in zip(events, ids, strict=True):
                log.debug(
                    "applying %s at %s",
                    event.topic,
                    event.position,
                    extra={"projection": projection, "position": event.position, "correlation_id": cid},
                )
        if events:
            log.info(
                "applying %d events at positions %s..%s",
                len(events),
                events[0].position,
                events[-1].position,
                extra={"projection": projection, "correlation_ids": distinct[:_MAX_LISTED]},
            )
        yield
    finally:
        applying_correlation.reset(token)
