"""Reading the global log: the one way projections and policies follow events.

``head()`` is the highest position a follower may read up to without ever
skipping an event that commits later: appends run concurrently and positions
derive from transaction ids, so the visible maximum is NOT safe; the horizon of
this database's running transactions is (event_store/horizon.py explains why). Positions are sparse: count
events with ``count()``, never by subtracting positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol

from event_store.application import EventStore
from event_store.metadata import metadata_of


@dataclass(frozen=True)
class LoggedEvent:
    """One event of the global log, decoded (and upcast) to its current class."""

    position: int
    topic: str
    originator_id: UUID
    originator_version: int
    event: DomainEventProtocol[UUID]

    @property
    def timestamp(self) -> datetime:
        event: Any = self.event  # every stored event has one; the protocol does not say so
        stamp: datetime = event.timestamp
        return stamp

    @property
    def metadata(self) -> dict[str, Any]:
        return metadata_of(self.event)


class EventLog:
    """Follows the global log of one event store.

    ``store`` is where the log is read: the primary, or a hot standby of it (READ_DATABASE_URL,
    docs/adr/0010). A standby replays commits in commit order and its snapshot counts every xid it
    has not seen finish as running, so its safe head never passes a late commit either. Given the
    ``primary`` too, ``last_position`` asks the primary: a follower woken by an append NOTIFYed there
    then sees that the standby has more to replay, and polls briefly instead of sleeping."""

    def __init__(self, store: EventStore, primary: EventStore | None = None) -> None:
        self.store = store
        self._written = primary or store

    def head(self) -> int:
        """The highest position that is safe to read up to: everything at or
        below it is final. It grows even when no events are appended."""
        return self.store.store.safe_head()

    def last_position(self) -> int:
        """The highest position written so far (0 for an empty log); it may still
        have unfinished transactions below it, so never read up to it."""
        return self._written.store.max_position() or 0

    def count(self, after: int, upto: int | None = None) -> int:
        """How many events lie in ``(after, upto]``: the honest "lag in events"."""
        return self.store.store.count_events(after, upto)

    def read(self, after: int, upto: int, limit: int, topics: Sequence[str] = ()) -> list[LoggedEvent]:
        """Events with ``after < position <= upto``, in order, at most ``limit``;
        only the given topics when any are given (filtered in SQL). ``upto`` is a
        ``head()`` the caller read: past it, a late commit could be skipped."""
        notifications = self.store.store.select_between(after, upto, limit, topics)
        decode = self.store.mapper.to_domain_event
        return [LoggedEvent(n.id, n.topic, n.originator_id, n.originator_version, decode(n)) for n in notifications]
