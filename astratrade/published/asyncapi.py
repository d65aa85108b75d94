"""The AsyncAPI 3 document of the event bus: the Redis Streams the relay (``astratrade relay``) writes.

One stream per bounded context (the aggregates/ package name) and ``all``, each entry one event
of the global log in log order. Every version an upcaster still reads is listed: a consumer
may meet an event as it was stored.
"""

from __future__ import annotations

from typing import Any

from astratrade.published.events import PublishedEvent

# info.version: when the document changes (a new event, a new version), bump it and add a contracts/CHANGES.md entry.
VERSION = "1.0.0"
ALL = "all"
DESCRIPTION = (
    "Every event of AstraTrade's global log, published by `astratrade relay` to Redis Streams in log order, "
    "exactly once per event: one stream per bounded context and `all`. Read them with a consumer group "
    "(XREADGROUP), acknowledging each entry once handled; an entry's `position` is its place in the global log, "
    "so a consumer that keeps the last position it handled can resume anywhere. Bodies follow the JSON Schemas "
    "in contracts/events/ (one per event type and version, never changed once published); decimals are "
    "fixed-point strings; personal data is sealed, never plaintext."
)
_UUID = {"type": "string", "format": "uuid"}


def asyncapi_document(events: list[PublishedEvent]) -> dict[str, Any]:
    """The document, its message bodies referring to the event schema files beside it (``events/…``)."""
    contexts = sorted({event.context for event in events})
    streams = {context: [e for e in events if e.context == context] for context in contexts}
    streams[ALL] = events
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "AstraTrade event bus", "version": VERSION, "description": DESCRIPTION},
        "defaultContentType": "application/json",
        "servers": {"redis": {"host": "127.0.0.1:6379", "protocol": "redis",
                              "description": "the deployment's REDIS_URL"}},
        "channels": {name: _channel(name, members) for name, members in streams.items()},
        "operations": {f"publish_{name}": _operation(name, members) for name, members in streams.items()},
        "components": {"messages": {event.name: _message(event) for event in events}},
    }


def _channel(name: str, members: list[PublishedEvent]) -> dict[str, Any]:
    about = "every event of the global log" if name == ALL else f"the events of the `{name}` bounded context"
    return {
        "address": name,
        "title": name,
        "description": f"A Redis Stream of {about}, in log order.",
        "messages": {event.name: {"$ref": f"#/components/messages/{event.name}"} for event in members},
    }


def _operation(name: str, members: list[PublishedEvent]) -> dict[str, Any]:
    return {
        "action": "send",
        "title": f"Publish to {name}",
        "summary": f"The relay appends each event of stream `{name}` once, in log order.",
        "channel": {"$ref": f"#/channels/{name}"},
        "messages": [{"$ref": f"#/channels/{name}/messages/{event.name}"} for event in members],
    }


def _message(event: PublishedEvent) -> dict[str, Any]:
    summary = event.description.splitlines()[0]
    return {
        "name": event.name,
        "title": f"{event.topic} (version {event.version})",
        "summary": summary,
        "contentType": "application/json",
        "payload": {
            "type": "object",
            "required": ["type", "version", "position", "originator_id", "originator_version", "timestamp", "body"],
            "additionalProperties": False,
            "properties": {
                "type": {"const": event.topic, "description": "the event's permanent topic"},
                "version": {"const": event.version, "description": "the body's schema version"},
                "position": {"type": "integer", "minimum": 1, "description": "place in the global log"},
                "originator_id": {**_UUID, "description": "the aggregate the event belongs to"},
                "originator_version": {"type": "integer", "minimum": 1,
                                       "description": "the aggregate's version after this event"},
                "timestamp": {"type": "string", "format": "date-time", "description": "when it happened (UTC)"},
                "body": {"$ref": f"events/{event.filename}"},
            },
        },
    }

