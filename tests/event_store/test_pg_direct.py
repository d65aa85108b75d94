"""The hot statements run straight on libpq (event_store/pg_direct.py): they survive their
prepared statement being dropped, and fail with the errors psycopg and eventsourcing raise."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import OperationalError, ProgrammingError

from aggregates.trading.wallet import Wallet
from event_store import pg_direct
from event_store.application import EventStore


def test_loads_and_appends_survive_a_discard_all_on_the_pooled_connections(store: EventStore) -> None:
    wallet = Wallet.open_for(uuid4())
    store.save(wallet)
    for _ in range(3):  # every pooled and writer connection has the statements prepared by now
        loaded: Wallet = store.repository.get(wallet.id)
        loaded.deposit(Decimal("1.00"), "USD")
        store.save(loaded)
    pool = store.store.datastore.pool
    conns = [pool.getconn() for _ in range(pool.get_stats()["pool_available"])]
    for conn in conns:
        conn.execute("DISCARD ALL")  # what a pooler or an admin may do behind our back
        pool.putconn(conn)

    loaded = store.repository.get(wallet.id)
    loaded.deposit(Decimal("1.00"), "USD")
    store.save(loaded)

    assert store.repository.get(wallet.id).cash == Decimal("4.00")
    assert [e.originator_version for e in store.store.select_events(wallet.id, gt=3)] == [4, 5]


def test_errors_are_psycopg_s_own_classes(store: EventStore) -> None:
    statement = pg_direct.Statement(b"SELECT 1 / $1", (pg_direct.INT8,))
    with store.store.datastore.get_connection() as conn:
        assert pg_direct.int8.unpack(statement.run(conn, [pg_direct.int8.pack(1)]).get_value(0, 0)) == (1,)
        with pytest.raises(psycopg.errors.DivisionByZero):
            statement.run(conn, [pg_direct.int8.pack(0)])
        # One statement prepared by two instances (two recorders on one pool) is prepared once.
        twin = pg_direct.Statement(b"SELECT 1 / $1", (pg_direct.INT8,))
        assert twin.name == statement.name
        twin.run(conn, [pg_direct.int8.pack(1)])


def test_a_lost_connection_is_an_operational_error_and_translated_for_eventsourcing(store: EventStore) -> None:
    statement = pg_direct.Statement(b"SELECT 1", ())
    with store.store.datastore.get_connection() as conn:
        victim = conn.info.backend_pid
        with psycopg.connect(conn.info.dsn, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (victim,))
        with pytest.raises(psycopg.OperationalError) as raised:
            statement.run(conn, [])
    assert isinstance(pg_direct.translate(raised.value), OperationalError)
    assert isinstance(pg_direct.translate(psycopg.errors.UndefinedTable("x")), ProgrammingError)


def test_an_aggregate_loads_by_its_id_as_a_string_too(store: EventStore) -> None:
    wallet = Wallet.open_for(uuid4())
    wallet.deposit(Decimal("2.00"), "USD")
    store.save(wallet)

    first: Wallet = store.repository.get(str(wallet.id))  # type: ignore[arg-type]  # services pass URL ids
    cached: Wallet = store.repository.get(str(wallet.id))  # type: ignore[arg-type]  # the fast-forward path

    assert first.id == cached.id == wallet.id and first.cash == cached.cash == Decimal("2.00")
    assert [e.originator_id for e in store.store.select_events(str(wallet.id))] == [wallet.id, wallet.id]
