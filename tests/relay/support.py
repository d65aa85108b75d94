"""Helpers of the event bus tests: events of several contexts, and what the streams hold."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from uuid import UUID

import redis

from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from relay.entries import context_of, position_of
from relay.redis_streams import ALL, RedisStreams
from services.trading import TradingService
from services.users import UserService


def trader(users: UserService, trading: TradingService, name: str, deposits: int = 1) -> UUID:
    """A registered user (user context) with ``deposits`` deposits of 10.05 USD (trading context)."""
    user_id = UUID(
        users.register(name, f"{name}@example.com", "correct horse battery", CommandContext()).body["user_id"]
    )
    for _ in range(deposits):
        trading.deposit(user_id, Decimal("10.05"), "USD", CommandContext(actor=str(user_id), correlation_id="c"))
    return user_id


def logged(store: EventStore) -> list[LoggedEvent]:
    """The whole log up to the safe head."""
    event_log = EventLog(store)
    return event_log.read(0, event_log.head(), 1_000_000)


def entries(client: redis.Redis, stream: str) -> list[tuple[bytes, dict[bytes, bytes]]]:
    """Every entry of a stream, in stream order: (id, fields)."""
    found: Any = client.xrange(stream)
    return list(found)


def stream_positions(client: redis.Redis, streams: RedisStreams, context: str = ALL) -> list[int]:
    """The positions of a stream's entries, in stream order, duplicates and all."""
    return [position_of(entry_id) for entry_id, _ in entries(client, streams.stream(context))]


def stream_fields(client: redis.Redis, streams: RedisStreams, context: str = ALL) -> list[dict[str, str]]:
    stream = streams.stream(context)
    return [{k.decode(): v.decode() for k, v in fields.items()} for _, fields in entries(client, stream)]


def expected_by_stream(events: list[LoggedEvent]) -> dict[str, list[int]]:
    """What each stream must hold: every position of its context, in log order, once."""
    expected: dict[str, list[int]] = {ALL: [e.position for e in events]}
    for event in events:
        expected.setdefault(context_of(event.topic), []).append(event.position)
    return expected


def actual_by_stream(client: redis.Redis, streams: RedisStreams, contexts: list[str]) -> dict[str, list[int]]:
    return {context: stream_positions(client, streams, context) for context in contexts}


def bodies(client: redis.Redis, streams: RedisStreams) -> list[dict[str, object]]:
    return [json.loads(fields["body"]) for fields in stream_fields(client, streams)]
