"""The relay on the real Redis: every event once, in log order, per context and in ``all``; replays refused."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import redis

from aggregates.catalog import AGGREGATES
from event_store.application import EventStore
from event_store.log import EventLog
from relay.entries import context_of
from relay.follower import Relay, RelayOptions
from relay.redis_streams import ALL, RedisStreams
from relay.target import Published
from services.trading import TradingService
from services.users import UserService
from tests.relay.support import (
    actual_by_stream,
    expected_by_stream,
    logged,
    stream_fields,
    stream_positions,
    trader,
)


def test_every_event_is_in_its_context_stream_and_in_all_once_in_log_order_when_relayed(
    store: EventStore,
    users: UserService,
    trading: TradingService,
    relay: Relay,
    client: redis.Redis,
    streams: RedisStreams,
) -> None:
    # Given two traders' registrations and deposits: events of the user and trading contexts
    trader(users, trading, "alice", deposits=4)
    trader(users, trading, "bob", deposits=2)
    events = logged(store)

    # When the relay catches up, three events per MULTI/EXEC
    relay.catch_up()

    # Then each stream holds exactly its context's positions in log order, and ``all`` every one
    expected = expected_by_stream(events)
    assert set(expected) == {ALL, "user", "trading"}
    assert actual_by_stream(client, streams, list(expected)) == expected
    assert streams.published() == events[-1].position
    assert (relay.added, relay.already) == (len(events), 0)


def test_an_entry_carries_the_envelope_and_the_stored_body_with_money_as_strings(
    store: EventStore,
    users: UserService,
    trading: TradingService,
    relay: Relay,
    client: redis.Redis,
    streams: RedisStreams,
) -> None:
    trader(users, trading, "alice", deposits=1)
    [*_, deposit] = logged(store)

    relay.catch_up()

    [*_, fields] = stream_fields(client, streams, "trading")
    assert fields == {
        "type": "trading.Wallet.Deposited",
        "version": "1",
        "position": str(deposit.position),
        "originator_id": str(deposit.originator_id),
        "originator_version": str(deposit.originator_version),
        "timestamp": deposit.timestamp.isoformat(),
        "correlation_id": "c",
        "causation_id": "",
        "body": fields["body"],
    }
    body = json.loads(fields["body"])
    assert body["amount"] == "10.05" and Decimal(body["amount"]) == deposit.event.amount  # type: ignore[attr-defined]
    assert "_meta" not in body and "timestamp" not in body


def test_a_replayed_batch_is_refused_by_redis_itself_and_counted_as_already_published(
    store: EventStore, users: UserService, trading: TradingService, client: redis.Redis, streams: RedisStreams
) -> None:
    # Given a batch published once
    trader(users, trading, "alice", deposits=3)
    events = logged(store)
    assert streams.publish(events) == Published(added=len(events), already=0)

    # When the same batch is published again (a relay restarted before it learnt of its success)
    replay = streams.publish(events)

    # Then Redis refused every entry of it: nothing was added to any stream
    assert replay == Published(added=0, already=len(events))
    assert actual_by_stream(client, streams, [ALL, "user", "trading"]) == expected_by_stream(events)
    # And Redis, not the relay, is what refuses: a bare XADD of a published position fails
    with pytest.raises(redis.ResponseError, match="equal or smaller"):
        client.xadd(streams.stream(ALL), {"type": "forged"}, id=f"{events[1].position}-0")


def test_a_batch_overlapping_the_published_ones_adds_only_its_new_events(
    store: EventStore, users: UserService, trading: TradingService, client: redis.Redis, streams: RedisStreams
) -> None:
    trader(users, trading, "alice", deposits=5)
    events = logged(store)
    streams.publish(events[:4])

    assert streams.publish(events[2:]) == Published(added=len(events) - 4, already=2)
    assert stream_positions(client, streams) == [e.position for e in events]


def test_a_new_relay_resumes_after_the_last_published_event(
    store: EventStore,
    users: UserService,
    trading: TradingService,
    relay: Relay,
    client: redis.Redis,
    streams: RedisStreams,
) -> None:
    # Given a relay that published the log, then stopped
    trader(users, trading, "alice", deposits=2)
    relay.catch_up()
    first = logged(store)

    # When more events are written and another relay starts on the same streams
    trader(users, trading, "bob", deposits=2)
    successor = Relay(EventLog(store), streams, RelayOptions(batch_size=2))
    assert successor.resume() == first[-1].position
    successor.catch_up()

    # Then it published only the new events, and every stream is whole
    events = logged(store)
    assert (successor.added, successor.already) == (len(events) - len(first), 0)
    assert actual_by_stream(client, streams, [ALL, "user", "trading"]) == expected_by_stream(events)


def test_streams_are_trimmed_to_about_maxlen_and_the_resume_point_survives_trimming(
    store: EventStore, users: UserService, trading: TradingService, client: redis.Redis, prefix: str
) -> None:
    # Given streams kept to about 10 entries (Redis trims whole nodes of 100 entries with ~)
    streams = RedisStreams(client, prefix, maxlen=10)
    trader(users, trading, "alice", deposits=250)
    events = logged(store)

    Relay(EventLog(store), streams, RelayOptions(batch_size=50)).catch_up()

    # Then old entries were dropped, the newest kept, and the resume point is still the last position
    kept = stream_positions(client, streams)
    assert 10 <= len(kept) < len(events)
    assert kept == [e.position for e in events][-len(kept) :]
    assert streams.published() == events[-1].position
    assert streams.publish(events[-3:]) == Published(added=0, already=3)


def test_every_context_of_the_catalog_is_a_stream_named_after_its_aggregates_package() -> None:
    contexts = {context_of(aggregate.TOPIC) for aggregate in AGGREGATES}
    packages = {aggregate.__module__.split(".")[1] for aggregate in AGGREGATES}
    assert contexts == packages
    assert {"trading", "financial", "gamification", "social", "nft", "market", "user", "onchain"} <= contexts


def test_the_log_is_published_again_when_redis_lost_the_streams_under_a_running_relay(
    store: EventStore,
    users: UserService,
    trading: TradingService,
    relay: Relay,
    client: redis.Redis,
    streams: RedisStreams,
    prefix: str,
) -> None:
    # Given a relay that published the log, then Redis lost the streams (a flush, a restart without persistence)
    trader(users, trading, "alice", deposits=3)
    relay.catch_up()
    client.delete(*client.scan_iter(f"{prefix}*"))

    # When more events are written and the same relay goes on
    trader(users, trading, "bob", deposits=2)
    while relay.step():
        pass

    # Then the streams hold the whole log again, not only what came after the loss
    events = logged(store)
    assert actual_by_stream(client, streams, [ALL, "user", "trading"]) == expected_by_stream(events)
