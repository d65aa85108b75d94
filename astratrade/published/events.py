"""JSON Schemas (draft 2020-12) of every event type and schema version, generated from the event classes.

An event's *body* is its own fields: the state the event store keeps, less the envelope the
relay carries beside it (``originator_id``, ``originator_version``, ``timestamp``) and the
bookkeeping of the store and of eventsourcing (``class_version``, ``_meta``, ``originator_topic``).
Money, prices and quantities are decimal strings in fixed-point notation; ids are UUID strings;
instants are ISO 8601. Personal fields (``PERSONAL_DATA``) are sealed values (``pii:v1:…``,
event_store/pii.py), never plaintext.

Old versions that upcasters still read are derived from the newest one: the fields
``upcast_vN_vN+1`` adds to an empty state are the fields version N lacked.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import aggregates
from aggregates.base import AstraAggregate

SCHEMA_BASE = "https://astratrade.example/contracts/events/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Not in a body: the envelope, and the class a creation event names (eventsourcing's, the relay's ``type`` says it).
NOT_BODY = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "description": "a decimal in fixed-point notation"}
SEALED = {
    "anyOf": [{"type": "string", "pattern": "^pii:v1:"}, {"type": "null"}],
    "description": "personal data sealed with its user's key (event_store/pii.py); unreadable once erased",
}
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
    Decimal: DECIMAL,
    UUID: {"type": "string", "format": "uuid"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    Any: {},
}


@dataclass(frozen=True)
class PublishedEvent:
    """One event type at one schema version."""

    topic: str
    version: int
    context: str  # the bounded context: the aggregates/ package it lives in, and its stream's name
    description: str
    fields: dict[str, dict[str, Any]]

    @property
    def name(self) -> str:
        return f"{self.topic}.v{self.version}"

    @property
    def filename(self) -> str:
        return f"{self.name}.json"

    def schema(self) -> dict[str, Any]:
        return {
            "$schema": DIALECT,
            "$id": SCHEMA_BASE + self.filename,
            "title": self.name,
            "description": self.description,
            "type": "object",
            "required": sorted(self.fields),
            "additionalProperties": False,
            "properties": self.fields,
        }


def published_events() -> list[PublishedEvent]:
    """Every version of every event class under aggregates/, ordered by topic then version."""
    published = [version for cls in event_classes() for version in _versions(cls)]
    return sorted(published, key=lambda event: (event.topic, event.version))


def event_classes() -> list[type[AstraAggregate.Event]]:
    """The event classes with a permanent TOPIC of every module under aggregates/ (one per topic)."""
    for module in pkgutil.walk_packages(aggregates.__path__, "aggregates."):
        importlib.import_module(module.name)
    found: dict[str, type[AstraAggregate.Event]] = {}
    pending: list[type[AstraAggregate.Event]] = [AstraAggregate.Event]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "TOPIC" in vars(cls) and cls.__module__.startswith("aggregates."):
            found.setdefault(vars(cls)["TOPIC"], cls)
    return list(found.values())


def _versions(cls: type[AstraAggregate.Event]) -> list[PublishedEvent]:
    topic: str = vars(cls)["TOPIC"]
    version: int = getattr(cls, "class_version", 1)
    personal = set(getattr(cls, "PERSONAL_DATA", ()))
    hints = typing.get_type_hints(cls)
    fields = {
        name: SEALED if name in personal else field_schema(hint)
        for name, hint in hints.items()
        if name not in NOT_BODY and typing.get_origin(hint) is not typing.ClassVar
    }
    context = cls.__module__.split(".")[1]
    description = inspect.cleandoc(cls.__doc__ or topic)
    newest = PublishedEvent(topic, version, context, description, fields)
    versions = [newest]
    for older in range(version - 1, 0, -1):
        added = _added_by(cls, older)
        fields = {name: schema for name, schema in fields.items() if name not in added}
        note = f"Version {older}: without {', '.join(sorted(added))}, which upcast_v{older}_v{older + 1} adds."
        versions.append(PublishedEvent(topic, older, context, f"{description}\n\n{note}", fields))
    return versions


def _added_by(cls: type, version: int) -> set[str]:
    """The fields ``upcast_v{version}_v{version+1}`` adds: what the older version did not carry."""
    upcast = getattr(cls, f"upcast_v{version}_v{version + 1}")
    probe: dict[str, Any] = {}
    try:
        upcast(probe)
    except KeyError as error:
        raise ValueError(
            f"{vars(cls)['TOPIC']}: upcast_v{version}_v{version + 1} reads fields, so version {version}'s "
            "schema cannot be derived from it"
        ) from error
    return set(probe)


def field_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of one annotated field."""
    if hint in _SCALARS:
        return dict(_SCALARS[hint])
    if inspect.isclass(hint) and issubclass(hint, Enum):
        return {"type": "string", "enum": [member.value for member in hint]}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [{"type": "null"} if arg is type(None) else field_schema(arg) for arg in args]}
    if origin in (list, tuple, set, frozenset):
        return {"type": "array", "items": field_schema(args[0]) if args else {}}
    if origin is dict:
        return {"type": "object", "additionalProperties": field_schema(args[1]) if args else {}}
    raise TypeError(f"no JSON Schema for the annotation {hint!r}: teach astratrade/published/events.py")
