"""A process holds the connections it uses, not one more: a full `up` runs ~20 processes
against a PostgreSQL whose default max_connections is 100."""

from __future__ import annotations

from uuid import uuid4

import psycopg

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from tests.support import conninfo


def test_an_event_store_used_by_one_thread_holds_one_connection_when_its_pool_may_grow(es_env: dict[str, str]):
    store = EventStore(env={**es_env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "2"})
    try:
        for _ in range(5):
            wallet = Wallet.open_for(uuid4())
            store.save(wallet)
            store.repository.get(wallet.id)
            store.store.safe_head()

        assert store.store.datastore.pool.get_stats()["pool_size"] == 1
    finally:
        store.close()


def test_a_cold_load_rides_out_a_connection_the_database_dropped(store: EventStore, es_env: dict[str, str]):
    wallet = Wallet.open_for(uuid4())
    store.save(wallet)
    cold = EventStore(env={**es_env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "0"})
    try:
        with cold.store.datastore.get_connection() as conn:
            backend = conn.info.backend_pid
        with psycopg.connect(conninfo(es_env), autocommit=True) as admin:  # as a database restart would
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))

        assert cold.repository.get(wallet.id) == wallet
    finally:
        cold.close()
