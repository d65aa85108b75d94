"""Event bus relay benchmark: publishing the log to Redis Streams beside a bare read of the same log.

Loads ``--events`` events (wallets opened and deposited into, bench/projections.py's loader), then,
``--runs`` times each, in the same run:

* baseline: a bare loop reading the whole log through ``EventLog.read`` up to the safe head, in
  batches of ``--batch`` (decoding included: the relay cannot publish faster than this);
* relay: ``Relay.catch_up`` from position 0 into empty streams (one MULTI/EXEC of 2 XADDs per event
  per batch, untrimmed), with Redis' memory per entry of ``all``;
* with ``--nats``: the same into a fresh NATS JetStream stream (one acknowledged message at a time).

    BENCH_REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m bench.relay [--events 50000] [--runs 3] [--nats]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from uuid import uuid4

import redis

from bench.common import machine, median, scratch_env
from bench.projections import load
from event_store.application import EventStore
from event_store.log import EventLog
from relay.follower import Relay, RelayOptions
from relay.redis_streams import ALL, RedisStreams

BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
BENCH_NATS_URL = os.environ.get("BENCH_NATS_URL", "nats://127.0.0.1:4222")


def bare_read(store: EventStore, batch: int) -> tuple[int, float]:
    """(events, seconds) of one pass over the log."""
    event_log = EventLog(store)
    started, head, position, count = time.perf_counter(), event_log.head(), 0, 0
    while events := event_log.read(position, head, batch):
        position, count = events[-1].position, count + len(events)
    return count, time.perf_counter() - started


def relayed(store: EventStore, client: redis.Redis, batch: int) -> tuple[int, float, float]:
    """(events, seconds, bytes of Redis memory per entry of ``all``) of one catch-up into fresh streams."""
    prefix = f"bench-relay-{uuid4().hex[:8]}:"
    relay = Relay(EventLog(store), RedisStreams(client, prefix, maxlen=0), RelayOptions(batch_size=batch))
    try:
        started = time.perf_counter()
        relay.catch_up()
        seconds = time.perf_counter() - started
        per_entry = (client.memory_usage(prefix + ALL, samples=0) or 0) / max(1, client.xlen(prefix + ALL))
        return relay.added, seconds, per_entry
    finally:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def relayed_nats(store: EventStore, batch: int) -> tuple[int, float]:
    """(events, seconds) of one catch-up into a fresh JetStream stream (one message at a time, acknowledged)."""
    from relay.nats_jetstream import NatsJetStream  # noqa: PLC0415  (only with --nats)

    target = NatsJetStream(BENCH_NATS_URL, f"BENCH_RELAY_{uuid4().hex[:8]}")
    relay = Relay(EventLog(store), target, RelayOptions(batch_size=batch))
    try:
        started = time.perf_counter()
        relay.catch_up()
        return relay.added, time.perf_counter() - started
    finally:
        target._run(target._js.delete_stream(target.stream))
        target.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--nats", action="store_true", help="also the NATS JetStream target (BENCH_NATS_URL)")
    args = parser.parse_args()
    client = redis.Redis.from_url(BENCH_REDIS_URL)
    with scratch_env("relay") as env:
        loaded = load(env, args.events)
        store = EventStore(env=env)
        try:
            bare, relay, memory, jetstream = [], [], [], []
            for _ in range(args.runs):
                count, seconds = bare_read(store, args.batch)
                bare.append(count / seconds)
                added, seconds, per_entry = relayed(store, client, args.batch)
                assert added == count == loaded, (added, count, loaded)
                relay.append(added / seconds)
                memory.append(per_entry)
                if args.nats:
                    added, seconds = relayed_nats(store, args.batch)
                    assert added == loaded, (added, loaded)
                    jetstream.append(added / seconds)
        finally:
            store.close()
    print(
        json.dumps(
            {
                "machine": machine(),
                "events": loaded,
                "runs": args.runs,
                "batch": args.batch,
                "bare_read_events_per_s": round(median(bare)),
                "relay_events_per_s": round(median(relay)),
                "relay_to_bare_ratio": round(median(relay) / median(bare), 3),
                "redis_bytes_per_entry_of_all": round(median(memory)),
                "bare_runs": [round(x) for x in bare],
                "relay_runs": [round(x) for x in relay],
                **(
                    {
                        "nats_events_per_s": round(median(jetstream)),
                        "nats_to_bare_ratio": round(median(jetstream) / median(bare), 3),
                    }
                    if jetstream
                    else {}
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
