"""Each connection of the event store names its holder in ``pg_stat_activity`` (docs/operations.md
"Connection budget"): the process (``PGAPPNAME``, which ``up`` sets per process) and the role."""

from __future__ import annotations

import time
from uuid import uuid4

import psycopg
import pytest

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from tests.support import conninfo


def names(env: dict[str, str], process: str) -> list[str]:
    with psycopg.connect(conninfo(env), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT application_name FROM pg_stat_activity WHERE datname = %s AND application_name LIKE %s",
            (env["POSTGRES_DBNAME"], f"{process}:%"),
        ).fetchall()
    return sorted(name for (name,) in rows)


def test_an_event_store_names_its_pool_and_its_batch_writer_after_the_process_and_their_role(
    es_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a process named as `up` names each of its processes
    process = f"probe-{uuid4().hex[:8]}"
    monkeypatch.setenv("PGAPPNAME", process)

    # When an event store opened for a role appends
    store = EventStore(env={**es_env, "CONNECTION_ROLE": "policy-commands"})
    try:
        store.save(Wallet.open_for(uuid4()))

        # Then its pool's connections and its batch writer say whose and what they are
        held = names(es_env, process)
        assert f"{process}:policy-commands" in held
        assert f"{process}:batch-writer" in held
        assert set(held) == {f"{process}:policy-commands", f"{process}:batch-writer"}
    finally:
        store.close()
    # and closing the store lets them all go (a backend leaves pg_stat_activity just after its client)
    deadline = time.monotonic() + 10
    while names(es_env, process) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert names(es_env, process) == []


def test_an_event_store_without_a_role_or_a_process_name_is_still_named(
    es_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGAPPNAME", raising=False)
    store = EventStore(env=es_env)
    try:
        store.save(Wallet.open_for(uuid4()))
        assert "astratrade:store" in names(es_env, "astratrade")
    finally:
        store.close()
