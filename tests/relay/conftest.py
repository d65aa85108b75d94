"""Fixtures of the event bus tests: streams under a prefix of the test's own on the real Redis."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest
import redis

from event_store.application import EventStore
from event_store.log import EventLog
from relay.follower import Relay, RelayOptions
from relay.redis_streams import RedisStreams


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


@pytest.fixture
def prefix(client: redis.Redis) -> Iterator[str]:
    """A stream prefix no other test uses; its streams are deleted afterwards."""
    name = f"test-bus-{uuid4().hex[:10]}:"
    yield name
    keys = list(client.scan_iter(f"{name}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def streams(client: redis.Redis, prefix: str) -> RedisStreams:
    return RedisStreams(client, prefix)


@pytest.fixture
def relay(store: EventStore, streams: RedisStreams) -> Relay:
    """A relay with small batches, so a few events take several MULTI/EXECs."""
    return Relay(EventLog(store), streams, RelayOptions(batch_size=3))
