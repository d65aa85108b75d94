"""The relay's second target, NATS JetStream on the real server: order, contexts, replays refused, kill -9."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
from collections.abc import Iterator
from uuid import uuid4

import nats
import pytest

from event_store.application import EventStore
from event_store.log import EventLog
from relay.entries import context_of
from relay.follower import Relay, RelayOptions
from relay.nats_jetstream import NatsJetStream
from relay.target import Published
from services.trading import TradingService
from services.users import UserService
from tests.conftest import IN_CI
from tests.relay.support import logged, trader
from tests.relay.test_relay_process import _deposit_until, relay_process, wait_for

NATS_URL = os.environ.get("TEST_NATS_URL", "nats://127.0.0.1:4222")


@pytest.fixture
def stream_name() -> Iterator[str]:
    """A JetStream stream of the test's own, deleted afterwards."""
    name = f"TEST_BUS_{uuid4().hex[:10]}"
    yield name
    asyncio.run(_delete(name))


@pytest.fixture
def jetstream(stream_name: str) -> Iterator[NatsJetStream]:
    try:
        target = NatsJetStream(NATS_URL, stream_name)
    except Exception as error:
        if IN_CI:
            pytest.fail(f"NATS is not reachable: {error}")
        pytest.skip(f"NATS is not reachable: {error}")
    yield target
    target.close()


def messages(stream: str) -> list[tuple[str, dict[str, str], dict[str, object]]]:
    """Every message of the stream in sequence order: (subject, headers, JSON document)."""
    return asyncio.run(_messages(stream))


def positions(stream: str, context: str | None = None) -> list[int]:
    prefix = f"{stream}.{context}." if context else f"{stream}."
    return [int(str(doc["position"])) for subject, _, doc in messages(stream) if subject.startswith(prefix)]


def test_every_event_is_published_once_in_log_order_with_its_context_in_the_subject(
    store: EventStore, users: UserService, trading: TradingService, jetstream: NatsJetStream, stream_name: str
) -> None:
    trader(users, trading, "alice", deposits=3)
    trader(users, trading, "bob", deposits=1)

    Relay(EventLog(store), jetstream, RelayOptions(batch_size=3)).catch_up()

    events = logged(store)
    assert positions(stream_name) == [e.position for e in events]
    for context in ("user", "trading"):
        assert positions(stream_name, context) == [e.position for e in events if context_of(e.topic) == context]
    subject, headers, doc = messages(stream_name)[-1]
    assert subject == f"{stream_name}.trading.Wallet.Deposited"
    assert headers["Nats-Msg-Id"] == str(events[-1].position) and doc["body"] == {"amount": "10.05", "currency": "USD"}
    assert jetstream.published() == events[-1].position


def test_a_replay_is_refused_by_jetstream_itself_by_message_id_and_by_expected_last_id(
    store: EventStore, users: UserService, trading: TradingService, jetstream: NatsJetStream, stream_name: str
) -> None:
    # Given a second relay's target that learnt the stream was empty, then the first published the log
    trader(users, trading, "alice", deposits=3)
    events = logged(store)
    late = NatsJetStream(NATS_URL, stream_name)
    try:
        assert late.publish([]) == Published(0, 0)
        assert jetstream.publish(events) == Published(len(events), 0)

        # When the late one publishes the same events (it believes the stream empty)
        replay = late.publish(events)
    finally:
        late.close()

    # Then JetStream took none of them: the first (a duplicate id, and the stream is no longer empty), the
    # others for a wrong expected last id
    assert replay == Published(0, len(events))
    assert positions(stream_name) == [e.position for e in events]


def test_no_gap_and_no_duplicate_on_jetstream_when_the_relay_process_is_killed_mid_stream(
    es_env: dict[str, str],
    store: EventStore,
    users: UserService,
    trading: TradingService,
    redis_url: str,
    jetstream: NatsJetStream,
    stream_name: str,
) -> None:
    owners = [trader(users, trading, name, deposits=60) for name in ("alice", "bob")]
    done = threading.Event()
    writer = threading.Thread(target=_deposit_until, args=(trading, owners, done, 150))
    writer.start()
    nats_env = {"RELAY_TARGET": "nats", "NATS_URL": NATS_URL, "RELAY_NATS_STREAM": stream_name}
    try:
        for _ in range(2):
            process = relay_process(es_env, redis_url, "unused:", **nats_env)
            reached = jetstream.published()
            wait_for(lambda r=reached: jetstream.published() > r + 100)  # type: ignore[misc]
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            assert jetstream.published() < logged(store)[-1].position, "not mid-stream"
        process = relay_process(es_env, redis_url, "unused:", **nats_env)
        writer.join(120)
        events = logged(store)
        wait_for(lambda: jetstream.published() == events[-1].position)
    finally:
        done.set()
        writer.join(30)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)

    assert process.returncode == 0, output
    assert positions(stream_name) == [e.position for e in events]
    for context in ("user", "trading"):
        assert positions(stream_name, context) == [e.position for e in events if context_of(e.topic) == context]


async def _messages(stream: str) -> list[tuple[str, dict[str, str], dict[str, object]]]:
    client = await nats.connect(NATS_URL)
    try:
        js = client.jetstream()
        info = await js.stream_info(stream)
        found = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            message = await js.get_msg(stream, seq=seq)
            found.append((str(message.subject), dict(message.headers or {}), json.loads(message.data or b"{}")))
        return found
    finally:
        await client.close()


async def _delete(stream: str) -> None:
    client = await nats.connect(NATS_URL)
    try:
        await client.jetstream().delete_stream(stream)
    except nats.js.errors.NotFoundError:
        pass
    finally:
        await client.close()
