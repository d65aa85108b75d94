"""Idempotency keys: a retried command answers as the first time and writes nothing."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.trading.wallet import wallet_id
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.commands import Idempotency
from services.errors import IdempotencyKeyReused
from services.trading import TradingService
from services.users import UserService
from tests.integration.helpers import in_parallel, logged, register

REQUEST = {"amount": "10.00", "currency": "USD"}


@pytest.fixture
def user_id(users: UserService) -> UUID:
    return register(users)


def keyed(user_id: UUID, key: str) -> CommandContext:
    return CommandContext(actor=str(user_id), correlation_id=f"corr-{key}", idempotency_key=key)


def deposit(trading: TradingService, user_id: UUID, amount: str, key: str, request: dict | None = None):
    return trading.deposit(user_id, D(amount), "USD", keyed(user_id, key), Idempotency(key, request or REQUEST))


def test_first_answer_is_replayed_and_nothing_written_when_the_same_key_and_request_come_again(
    store: EventStore, trading: TradingService, user_id: UUID
):
    first = deposit(trading, user_id, "10.00", "k-1")
    before = logged(store)

    again = deposit(trading, user_id, "10.00", "k-1")

    assert (again.status, again.body, again.position) == (first.status, first.body, first.position)
    assert (first.replayed, again.replayed) == (False, True)
    assert logged(store) == before
    assert store.repository.get(wallet_id(user_id)).cash == D("10.00")


def test_retry_is_refused_as_key_reused_and_nothing_written_when_the_same_key_comes_with_another_request(
    store: EventStore, trading: TradingService, user_id: UUID
):
    deposit(trading, user_id, "10.00", "k-1")
    before = logged(store)

    with pytest.raises(IdempotencyKeyReused):
        deposit(trading, user_id, "20.00", "k-1", {"amount": "20.00", "currency": "USD"})

    assert logged(store) == before


def test_commands_run_independently_when_two_users_use_the_same_key(
    store: EventStore, trading: TradingService, users: UserService, user_id: UUID
):
    other = register(users, "bob")

    mine, theirs = deposit(trading, user_id, "10.00", "k-1"), deposit(trading, other, "10.00", "k-1")

    assert not theirs.replayed and theirs.position > mine.position
    assert store.repository.get(wallet_id(other)).cash == D("10.00")


def test_key_is_recorded_with_the_position_of_its_last_event_when_the_command_commits(
    store: EventStore, trading: TradingService, user_id: UUID
):
    result = deposit(trading, user_id, "10.00", "k-1")

    found = store.store.find_idempotency_record(str(user_id), "k-1")
    assert found is not None
    record, position = found
    assert position == result.position
    assert (record.status, record.body) == (result.status, result.body)
    assert record.request_hash == Idempotency("k-1", REQUEST).fingerprint()


def test_command_is_applied_once_when_the_same_keyed_request_races_itself(
    store: EventStore, trading: TradingService, user_id: UUID
):
    outcomes = in_parallel(4, lambda _: deposit(trading, user_id, "10.00", "k-race"))

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert len({(o.body["cash"], o.position) for o in outcomes if not isinstance(o, BaseException)}) == 1
    deposits = [e for e in logged(store) if e.topic == "trading.Wallet.Deposited"]
    assert len(deposits) == 1
    assert store.repository.get(wallet_id(user_id)).cash == D("10.00")


def test_first_answer_is_replayed_when_the_retried_command_would_now_be_refused(
    store: EventStore, trading: TradingService, user_id: UUID
):
    trading.deposit(user_id, D("10.00"), "USD", keyed(user_id, "d-1"))
    request = {"amount": "10.00", "currency": "USD", "starknet_address": None}
    first = trading.withdraw(user_id, D("10.00"), "USD", None, keyed(user_id, "w-1"), Idempotency("w-1", request))
    before = logged(store)

    again = trading.withdraw(user_id, D("10.00"), "USD", None, keyed(user_id, "w-1"), Idempotency("w-1", request))

    assert again.replayed and (again.body, again.position) == (first.body, first.position)
    assert logged(store) == before
