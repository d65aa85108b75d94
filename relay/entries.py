"""One logged event as a stream entry: flat string fields, the body as JSON.

The body is the event as stored: personal fields stay sealed (``pii:v1:…``, event_store/pii.py) and
are never opened here, so an erased user's data is as unreadable on the bus as in the log.
Money stays exact: Decimals are JSON strings, like everywhere on our HTTP APIs.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from event_store.log import LoggedEvent
from event_store.metadata import metadata_of

# Envelope attributes (fields of their own) or eventsourcing internals, not part of the body.
_NOT_BODY = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", "_meta"})


def context_of(topic: str) -> str:
    """The bounded context of an event: its topic's first part (``trading.Wallet.Deposited`` → ``trading``),
    which is also its aggregate's package under ``aggregates/``."""
    return topic.split(".", 1)[0]


def entry_id(position: int) -> str:
    """The stream entry id of a position: Redis refuses an id at or below a stream's last, so a replayed
    publish of the same position is refused by Redis itself."""
    return f"{position}-0"


def position_of(entry_id: bytes | str) -> int:
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    return int(text.split("-", 1)[0])


def fields_of(event: LoggedEvent) -> dict[str, str]:
    """The entry's fields (docs/event-bus.md "Entries")."""
    meta = metadata_of(event.event)
    return {
        "type": event.topic,
        "version": str(getattr(type(event.event), "class_version", 1)),
        "position": str(event.position),
        "originator_id": str(event.originator_id),
        "originator_version": str(event.originator_version),
        "timestamp": event.timestamp.isoformat(),
        "correlation_id": meta.get("correlation_id") or "",
        "causation_id": meta.get("causation_id") or "",
        "body": json.dumps(body_of(event), default=_json_value, separators=(",", ":"), sort_keys=True),
    }


def message_of(event: LoggedEvent) -> bytes:
    """The same entry as one JSON document (a NATS message), the body as an object."""
    fields: dict[str, object] = dict(fields_of(event))
    fields["body"] = json.loads(str(fields["body"]))
    return json.dumps(fields, separators=(",", ":")).encode()


def body_of(event: LoggedEvent) -> dict[str, Any]:
    return {name: value for name, value in vars(event.event).items() if name not in _NOT_BODY}


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")  # fixed point, as contracts/events/ promise: str() writes 0E-8 for a quantized zero
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} has no JSON form on the event bus")
