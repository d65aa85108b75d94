"""Maps domain events to stored events, adding metadata and an explicit schema version."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from event_store import metadata, trace_context
from event_store.pii import is_sealed

META_KEY = "_meta"


class MetadataMapper(Mapper[UUID]):
    """eventsourcing's mapper, plus ``_meta`` and an always-present ``class_version``;
    it refuses to store personal data that is not sealed.

    Decoded events keep ``_meta`` in their ``__dict__``; eventsourcing passes an
    event's fields to the ``@event`` method by name, so the extra key never
    reaches an aggregate.
    """

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        state: dict[str, Any] = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        _refuse_unsealed_personal_data(domain_event, state)
        state["class_version"] = getattr(type(domain_event), "class_version", 1)
        if META_KEY not in state:
            meta = metadata.current().as_dict()
            traceparent = trace_context.current_traceparent()  # None while tracing is off: metadata as before
            if traceparent is not None:
                meta[trace_context.KEY] = traceparent
            state[META_KEY] = meta
        stored = self.transcoder.encode(state)
        if self.compressor:
            stored = self.compressor.compress(stored)
        if self.cipher:
            stored = self.cipher.encrypt(stored)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=stored,
        )


class UnsealedPersonalData(ValueError):
    """An event was about to store personal data in clear."""


def _refuse_unsealed_personal_data(domain_event: DomainEventProtocol[UUID], state: dict[str, Any]) -> None:
    # Personal fields (``PERSONAL_DATA`` on the event class) are sealed with the user's
    # key before they reach an event (event_store/pii.py); plaintext must never be stored,
    # or erasing the key would erase nothing.
    for field in getattr(type(domain_event), "PERSONAL_DATA", ()):
        if state.get(field) is not None and not is_sealed(state[field]):
            raise UnsealedPersonalData(f"{type(domain_event).__qualname__}.{field} must be sealed (event_store.pii)")
