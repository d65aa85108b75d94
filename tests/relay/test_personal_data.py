"""Personal data on the bus: only ever the sealed form of the log, so an erasure reaches every copy."""

from __future__ import annotations

import json

import redis

from event_store.metadata import CommandContext
from event_store.pii import PersonalDataKeys, is_sealed
from relay.follower import Relay
from relay.redis_streams import RedisStreams
from services.commands import CommandRunner
from services.erasure import ErasureService
from services.trading import TradingService
from services.users import UserService
from tests.relay.support import entries, stream_fields, trader

SECRETS = (b"alice", b"alice@example.com", b"$argon2")  # her username, email and password hash, in clear


def raw_entries(client: redis.Redis, prefix: str) -> list[bytes]:
    """Every field name and value of every entry of every stream under ``prefix``."""
    found: list[bytes] = []
    for key in client.scan_iter(f"{prefix}*"):
        for _, fields in entries(client, key):
            found += [part for item in fields.items() for part in item]
    return found


def test_an_erased_users_personal_data_is_never_on_the_bus_in_clear(
    runner: CommandRunner,
    users: UserService,
    trading: TradingService,
    relay: Relay,
    client: redis.Redis,
    streams: RedisStreams,
    prefix: str,
) -> None:
    # Given alice registered and deposited, and the relay published that while her key existed
    alice = trader(users, trading, "alice", deposits=1)
    relay.catch_up()

    # When she is erased (her key destroyed, PersonalDataErased appended) and the relay publishes on
    ErasureService(runner).erase(alice, CommandContext(actor="admin", correlation_id="erase"))
    relay.catch_up()

    # Then no entry of any stream holds her username, email or password hash in clear
    entries = raw_entries(client, prefix)
    assert len(entries) > 20
    assert [secret for secret in SECRETS for part in entries if secret in part.lower()] == []
    # And her registration went out in its stored form: sealed, and sealed under a key that is gone
    [registered] = [f for f in stream_fields(client, streams, "user") if f["type"] == "user.User.Registered"]
    body = json.loads(registered["body"])
    assert all(is_sealed(body[field]) for field in ("username", "email", "password_hash"))
    keys = PersonalDataKeys(runner.store.store.datastore)
    assert keys.reveal(alice, "email", body["email"]) is None
    assert "user.User.PersonalDataErased" in [f["type"] for f in stream_fields(client, streams, "user")]
