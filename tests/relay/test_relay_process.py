"""``astratrade relay`` as a process: SIGKILLed mid-stream and restarted, no gap and no duplicate anywhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from uuid import UUID

import redis

from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.friends.projection import FriendsProjection
from projections.runtime import ReadModels, migrate
from relay.redis_streams import ALL, RedisStreams
from services.trading import TradingService
from services.users import UserService
from tests.relay.support import actual_by_stream, expected_by_stream, logged, stream_positions, trader
from tests.support import TEST_DATABASE_URL, drop_schema


def relay_process(
    es_env: dict[str, str],
    redis_url: str,
    prefix: str,
    *args: str,
    command: str = "relay",
    names: str = "",
    **extra: str,
) -> subprocess.Popen[str]:
    """``astratrade relay ARGS`` (or ``astratrade worker NAMES ARGS``) on this test's schema and stream prefix."""
    env = {
        **os.environ,
        **extra,
        "DATABASE_URL": TEST_DATABASE_URL,
        "DATABASE_SCHEMA": es_env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": es_env["POSTGRES_SCHEMA"] + "_read",  # the lease key: this test's own
        "APP_DATABASE_ROLE": "",
        "ASTRATRADE_DATA_DIR": "/nonexistent-relay-test",
        "LOG_FORMAT": "text",
        "REDIS_URL": redis_url,
        "RELAY_STREAM_PREFIX": prefix,
        "RELAY_BATCH_SIZE": "5",
        "JWT_SECRET": "j" * 40,
        "CLAIM_KEY": "c" * 40,
        "ASTRATRADE_ENV": "test",
    }
    argv = [command, *names.split(), *args]
    return subprocess.Popen(
        [sys.executable, "-m", "astratrade.cli", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_no_gap_and_no_duplicate_in_any_stream_when_the_relay_is_killed_mid_stream_and_restarted(
    es_env: dict[str, str],
    store: EventStore,
    users: UserService,
    trading: TradingService,
    redis_url: str,
    client: redis.Redis,
    streams: RedisStreams,
    prefix: str,
) -> None:
    # Given a log of a few hundred events, and a writer that keeps depositing meanwhile
    owners = [trader(users, trading, name, deposits=100) for name in ("alice", "bob", "carol")]
    done = threading.Event()
    writer = threading.Thread(target=_deposit_until, args=(trading, owners, done, 300))
    writer.start()
    try:
        # When the relay (5 events per batch) is SIGKILLed three times, each time mid-stream
        for round_ in range(3):
            process = relay_process(es_env, redis_url, prefix)
            reached = len(stream_positions(client, streams)) + 40
            wait_for(lambda n=reached: len(stream_positions(client, streams)) >= n)  # type: ignore[misc]
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            assert streams.published() < logged(store)[-1].position, f"round {round_} was not mid-stream"
        # And is started once more, until the writer is done and it has caught up
        process = relay_process(es_env, redis_url, prefix)
        writer.join(120)
        done.wait(1)
        events = logged(store)
        wait_for(lambda: streams.published() == events[-1].position)
    finally:
        done.set()
        writer.join(30)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)

    # Then every stream holds each of its events exactly once, in log order
    assert process.returncode == 0, output
    expected = expected_by_stream(events)
    assert set(expected) == {ALL, "user", "trading"}
    assert actual_by_stream(client, streams, list(expected)) == expected


def test_relay_status_prints_the_lag_and_fails_while_the_bus_is_behind(
    es_env: dict[str, str],
    store: EventStore,
    users: UserService,
    trading: TradingService,
    redis_url: str,
    streams: RedisStreams,
    prefix: str,
) -> None:
    trader(users, trading, "alice", deposits=2)  # written at the test clock's time: long ago
    behind = relay_process(es_env, redis_url, prefix, "status")
    output, _ = behind.communicate(timeout=60)
    assert behind.returncode == 1, output
    assert '"status": "behind"' in output and '"events": 6' in output  # 4 of the registration, 2 deposits

    process = relay_process(es_env, redis_url, prefix)
    try:
        wait_for(lambda: streams.published() == logged(store)[-1].position)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    caught_up = relay_process(es_env, redis_url, prefix, "status")
    output, _ = caught_up.communicate(timeout=60)
    assert caught_up.returncode == 0, output
    assert '"status": "ok"' in output and '"events": 0' in output


def _deposit_until(trading: TradingService, owners: list[UUID], done: threading.Event, count: int) -> None:
    for n in range(count):
        owner = owners[n % len(owners)]
        trading.deposit(owner, Decimal("1.00"), "USD", CommandContext(actor=str(owner), correlation_id="w"))
    done.set()


def test_a_standby_relay_takes_over_when_the_active_one_is_killed(
    es_env: dict[str, str],
    store: EventStore,
    users: UserService,
    trading: TradingService,
    redis_url: str,
    client: redis.Redis,
    streams: RedisStreams,
    prefix: str,
) -> None:
    # Given two relay processes: one published the log, the other stands by for the lease
    trader(users, trading, "alice", deposits=3)
    first = relay_process(es_env, redis_url, prefix)
    wait_for(lambda: streams.published() == logged(store)[-1].position)
    second = relay_process(es_env, redis_url, prefix)
    try:
        # When the active one is killed and more events are written
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        trader(users, trading, "bob", deposits=2)

        # Then the standby publishes them, once
        events = logged(store)
        wait_for(lambda: streams.published() == events[-1].position)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            process.communicate(timeout=20)
    assert actual_by_stream(client, streams, [ALL, "user", "trading"]) == expected_by_stream(events)


def test_the_relay_publishes_as_a_loop_of_a_worker_group_as_up_runs_it(
    es_env: dict[str, str],
    store: EventStore,
    users: UserService,
    trading: TradingService,
    redis_url: str,
    client: redis.Redis,
    streams: RedisStreams,
    prefix: str,
) -> None:
    # Given a worker group (here of one projection) with the relay beside it, as `up` runs `social`
    read_models = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_read")
    migrate(read_models, [FriendsProjection()])
    trader(users, trading, "alice", deposits=2)
    group = relay_process(es_env, redis_url, prefix, "--relay", command="worker", names="friends")
    try:
        # Then the group publishes the log on the bus
        events = logged(store)
        wait_for(lambda: streams.published() == events[-1].position)
    finally:
        group.send_signal(signal.SIGTERM)
        output, _ = group.communicate(timeout=30)
        drop_schema({**es_env, "POSTGRES_SCHEMA": read_models.schema})
    assert group.returncode == 0, output
    assert actual_by_stream(client, streams, [ALL, "user", "trading"]) == expected_by_stream(events)
