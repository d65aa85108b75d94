"""What an audit row shows of a stored event, derived from its stored bytes alone.

The derivation is deterministic, so ``verify`` can recompute every derived column
of a row from the row's ``state`` and catch a row edited after the fact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

USER_REGISTERED = "user.User.Registered"  # a user aggregate concerns that user
OWNER_FIELDS = ("owner_id", "user_id")  # a creation event naming the aggregate's user
_HIDDEN = ("timestamp", "class_version", "_meta", "originator_topic")  # columns of their own, or plumbing


@dataclass(frozen=True)
class Derived:
    """The columns of an audit row that follow from the stored state."""

    occurred_at: datetime
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]

    @property
    def actor(self) -> str | None:
        actor = self.metadata.get("actor")
        return None if actor is None else str(actor)


def derive(state: bytes) -> Derived:
    """Timestamp, schema version, the event's own fields and its metadata, as JSON values."""
    raw: dict[str, Any] = json.loads(bytes(state))
    fields = {name: plain(value) for name, value in raw.items() if name not in _HIDDEN}
    return Derived(
        occurred_at=datetime.fromisoformat(plain(raw["timestamp"])),
        schema_version=int(raw.get("class_version", 1)),
        data=fields,
        metadata=plain(raw.get("_meta") or {}),
    )


def plain(value: Any) -> Any:
    """eventsourcing's ``{"_type_": …, "_data_": …}`` wrappers unwrapped; UUIDs in canonical form."""
    if isinstance(value, dict):
        if value.keys() == {"_type_", "_data_"}:
            inner = plain(value["_data_"])
            return str(UUID(inner)) if value["_type_"] == "uuid_hex" else inner
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def owner_of_new_aggregate(topic: str, aggregate_id: UUID, version: int, data: dict[str, Any]) -> UUID | None:
    """The user a newly created aggregate belongs to, if its creation event says so."""
    if version != 1:
        return None
    if topic == USER_REGISTERED:
        return aggregate_id
    for name in OWNER_FIELDS:
        owner = _uuid(data.get(name))
        if owner is not None:
            return owner
    return None


def subject_of(owner: UUID | None, data: dict[str, Any]) -> UUID | None:
    """The user an event concerns: its aggregate's owner, else a ``user_id`` it names."""
    return owner if owner is not None else _uuid(data.get("user_id"))


def _uuid(value: Any) -> UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return UUID(value)
    except ValueError:
        return None
