"""``astratrade relay``: the event bus relay, alone or as a loop of a worker group (``worker … --relay``)."""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from astratrade.settings import Settings
from event_store.application import EventStore
from event_store.log import EventLog
from projections.runtime import ReadModels
from projections.runtime.lease import Lease
from projections.runtime.shared import reader_env
from relay.follower import Relay, RelayOptions
from relay.http import serve, status_of
from relay.redis_streams import RedisStreams
from relay.target import Target

log = logging.getLogger(__name__)
LEASE_NAME = "event_bus_relay"  # its advisory lock beside the projections' (never a projection name)


@contextmanager
def relay_for(settings: Settings) -> Iterator[Relay]:
    """A relay on its own small pool (one reader, one more for a metrics scrape) and its target's client."""
    store = EventStore(env=reader_env(settings.eventsourcing_env(), role="relay-reader"))
    try:
        with target_for(settings) as target:
            yield Relay(EventLog(store), target, RelayOptions(batch_size=settings.relay_batch_size))
    finally:
        store.close()


@contextmanager
def target_for(settings: Settings) -> Iterator[Target]:
    """Redis Streams, or NATS JetStream with RELAY_TARGET=nats (nats-py loaded only then)."""
    if settings.relay_target == "nats":
        from relay.nats_jetstream import NatsJetStream  # noqa: PLC0415  (nats-py only when used)

        jetstream = NatsJetStream(settings.nats_url, settings.relay_nats_stream, settings.relay_stream_maxlen)
        try:
            yield jetstream
        finally:
            jetstream.close()
        return
    client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=5, socket_timeout=30)
    try:
        yield RedisStreams(client, settings.relay_stream_prefix, settings.relay_stream_maxlen)
    finally:
        client.close()


def run(settings: Settings, stop: threading.Event) -> None:
    """Publish until ``stop``; serve /metrics and /ready when RELAY_METRICS_PORT is set."""
    read_models = ReadModels.from_env(settings.eventsourcing_env(), settings.read_model_schema)
    with relay_for(settings) as relay:
        server = (
            serve(relay, settings.host, settings.relay_metrics_port, settings.relay_stale_seconds)
            if settings.relay_metrics_port
            else None
        )
        try:
            relay.run(Lease(read_models, LEASE_NAME), stop)
        finally:
            if server is not None:
                server.shutdown()


def main(settings: Settings) -> int:
    """The relay as a process of its own, until SIGTERM or Ctrl-C."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    run(settings, stop)
    return 0


def status(settings: Settings) -> int:
    """Print the bus's lag as JSON; exit 1 when it cannot be read or is staler than RELAY_STALE_SECONDS."""
    with relay_for(settings) as relay:
        ready, detail = status_of(relay, settings.relay_stale_seconds)
    print(json.dumps(detail))
    return 0 if ready else 1
