"""The AsyncAPI 3 document of the event bus: the Redis Streams the relay (``astratrade relay``) writes.

One stream per bounded context (the aggregates/ package name) and ``all``, each entry one event
of the global log in log order, its fields flat strings (Redis stream entries hold nothing else):
the envelope, and the body as JSON. Every version an upcaster still reads is listed: a consumer
may meet an event as it was stored.
"""

from __future__ import annotations

from typing import Any

from astratrade.published.events import PublishedEvent

# info.version: when the document changes (a new event, a new version), bump it and add a contracts/CHANGES.md entry.
VERSION = "1.0.0"
ALL = "all"
PREFIX = "astratrade:events:"  # RELAY_STREAM_PREFIX's default
DESCRIPTION = (
    "Every event of AstraTrade's global log, published by `astratrade relay` to Redis Streams in log order, "
    f"exactly once per event: one stream per bounded context (`{PREFIX}<context>`) and `{PREFIX}{ALL}` "
    "(RELAY_STREAM_PREFIX changes the prefix). An entry's id is `<position>-0`, its place in the global log: "
    "read with a consumer group (XREADGROUP, then XACK once handled), or resume anywhere with XREAD from the "
    "last position handled. Entry fields are strings; `body` is the event's JSON, valid under the JSON Schema "
    "of its `type` and `version` in contracts/events/ (never changed once published); decimals are fixed-point "
    "strings; personal data is sealed, never plaintext."
)
_COUNT = {"type": "string", "pattern": "^[1-9][0-9]*$"}


def asyncapi_document(events: list[PublishedEvent]) -> dict[str, Any]:
    """The document, its message bodies referring to the event schema files beside it (``events/…``)."""
    contexts = sorted({event.context for event in events})
    streams = {context: [e for e in events if e.context == context] for context in contexts}
    streams[ALL] = events
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "AstraTrade event bus", "version": VERSION, "description": DESCRIPTION},
        "defaultContentType": "application/json",
        "servers": {
            "redis": {"host": "127.0.0.1:6379", "protocol": "redis", "description": "the deployment's REDIS_URL"}
        },
        "channels": {name: _channel(name, members) for name, members in streams.items()},
        "operations": {f"publish_{name}": _operation(name, members) for name, members in streams.items()},
        "components": {"messages": {event.name: _message(event) for event in events}},
    }


def _channel(name: str, members: list[PublishedEvent]) -> dict[str, Any]:
    about = "every event of the global log" if name == ALL else f"the events of the `{name}` bounded context"
    return {
        "address": PREFIX + name,
        "title": name,
        "description": f"A Redis Stream of {about}, in log order.",
        "messages": {event.name: {"$ref": f"#/components/messages/{event.name}"} for event in members},
    }


def _operation(name: str, members: list[PublishedEvent]) -> dict[str, Any]:
    return {
        "action": "send",
        "title": f"Publish to {name}",
        "summary": f"The relay appends each event of stream `{PREFIX}{name}` once, in log order.",
        "channel": {"$ref": f"#/channels/{name}"},
        "messages": [{"$ref": f"#/channels/{name}/messages/{event.name}"} for event in members],
    }


def _message(event: PublishedEvent) -> dict[str, Any]:
    return {
        "name": event.name,
        "title": f"{event.topic} (version {event.version})",
        "summary": event.description.splitlines()[0],
        "contentType": "application/json",
        "payload": {
            "type": "object",
            "required": ["type", "version", "position", "originator_id", "originator_version", "timestamp", "body"],
            "properties": {
                "type": {"const": event.topic, "description": "the event's permanent topic"},
                "version": {"const": str(event.version), "description": "the body's schema version"},
                "position": {**_COUNT, "description": "place in the global log (the entry id is `<position>-0`)"},
                "originator_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "the aggregate the event belongs to",
                },
                "originator_version": {**_COUNT, "description": "the aggregate's version after this event"},
                "timestamp": {"type": "string", "format": "date-time", "description": "when it happened (UTC)"},
                "correlation_id": {"type": "string", "description": "the request that caused it (may be empty)"},
                "causation_id": {"type": "string", "description": "the event or command that caused it (may be empty)"},
                "body": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "description": f"the event's fields as JSON, valid under events/{event.filename}",
                    "x-schema": {"$ref": f"events/{event.filename}"},
                },
            },
        },
    }
