"""Wallets are snapshotted every 100 events; a snapshot loads the same state as a replay."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import CanMutateAggregate, Snapshot
from psycopg import sql

from aggregates.money import Side
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from services.trading import TradingService
from services.users import UserService
from tests.integration.helpers import ctx, register


def replay(store: EventStore, aggregate_id: UUID, upto: int | None = None) -> Wallet:
    wallet: Wallet | None = None
    for domain_event in store.events.get(aggregate_id, lte=upto):
        assert isinstance(domain_event, CanMutateAggregate)
        wallet = domain_event.mutate(wallet)
    assert isinstance(wallet, Wallet)
    return wallet


def snapshot_versions(store: EventStore, aggregate_id: UUID) -> list[int]:
    assert store.snapshots is not None
    return [s.originator_version for s in store.snapshots.get(aggregate_id)]


@pytest.fixture
def busy_wallet(store: EventStore, users: UserService, trading: TradingService) -> UUID:
    """A wallet of 103 events: opened, one deposit, 50 positions opened and closed, one open."""
    user_id = register(users)
    context = ctx(str(user_id))
    trading.deposit(user_id, D("10000.00"), "USD", context)
    trading.record_price("BTC-USD", D("100"), ctx("feed"))
    for n in range(50):
        side = (Side.LONG, Side.SHORT)[n % 2]
        opened = trading.open_position(user_id, "BTC-USD", side, D("1.5"), 1 + n % 10, context)
        trading.record_price("BTC-USD", D(100 + (n % 7) - 3), ctx("feed"))
        trading.close_position(user_id, UUID(opened.body["position_id"]), context)
    trading.record_price("BTC-USD", D("100"), ctx("feed"))
    trading.open_position(user_id, "BTC-USD", Side.LONG, D("3"), 5, context)
    return wallet_id(user_id)


def test_snapshot_is_stored_at_version_100_when_a_wallet_passes_100_events(store: EventStore, busy_wallet: UUID):
    assert store.repository.get(busy_wallet).version == 103
    assert snapshot_versions(store, busy_wallet) == [100]


def test_loaded_wallet_equals_a_full_replay_when_a_snapshot_exists(store: EventStore, busy_wallet: UUID):
    loaded: Wallet = store.repository.get(busy_wallet)

    replayed = replay(store, busy_wallet)
    assert loaded == replayed
    assert loaded.reserved == D("60.00")  # the one open position: 3 × 100 ÷ 5
    assert loaded.cash > 0


def test_snapshot_state_equals_the_replay_up_to_its_version_when_taken(store: EventStore, busy_wallet: UUID):
    assert store.snapshots is not None
    [snapshot] = store.snapshots.get(busy_wallet)
    assert isinstance(snapshot, Snapshot)

    assert snapshot.mutate(None) == replay(store, busy_wallet, upto=100)


def test_commands_keep_working_on_a_snapshotted_wallet_when_it_is_loaded_from_the_snapshot(
    store: EventStore, trading: TradingService, busy_wallet: UUID
):
    owner: UUID = store.repository.get(busy_wallet).owner_id
    before: D = store.repository.get(busy_wallet).cash

    result = trading.withdraw(owner, D("1.00"), "USD", None, ctx(str(owner)))

    assert D(result.body["cash"]) == before - 1
    assert store.repository.get(busy_wallet) == replay(store, busy_wallet)


def test_wallet_loads_from_the_snapshot_without_reading_older_events_when_a_snapshot_exists(
    store: EventStore, busy_wallet: UUID
):
    expected = replay(store, busy_wallet)
    recorder = store.recorder
    with recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(
            sql.SQL("DELETE FROM {} WHERE originator_id = %s AND originator_version <= 100").format(
                sql.Identifier(recorder.datastore.schema, recorder.events_table_name)  # type: ignore[attr-defined]
            ),
            (busy_wallet,),
        )

    assert store.repository.get(busy_wallet) == expected


def test_a_cold_load_reads_the_snapshot_and_only_the_later_events_in_one_statement(
    store: EventStore, es_env: dict[str, str], busy_wallet: UUID
):
    snapshot, events = store.store.select_snapshot_and_events(busy_wallet)

    assert snapshot is not None and snapshot.originator_version == 100
    assert [e.originator_version for e in events] == [101, 102, 103]
    cold = EventStore(env=es_env)  # an empty aggregate cache: the load goes to the database
    try:
        assert cold.repository.get(busy_wallet) == replay(store, busy_wallet)
    finally:
        cold.close()


def test_a_cold_load_replays_every_event_when_an_aggregate_has_no_snapshot(store: EventStore, users: UserService):
    user_id = register(users)

    snapshot, events = store.store.select_snapshot_and_events(wallet_id(user_id))

    assert snapshot is None
    assert [e.originator_version for e in events] == [1]


def test_a_cold_load_of_an_unknown_aggregate_is_not_found(es_env: dict[str, str]):
    cold = EventStore(env=es_env)
    try:
        with pytest.raises(AggregateNotFoundError):
            cold.repository.get(uuid4())
    finally:
        cold.close()
