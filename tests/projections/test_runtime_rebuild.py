"""A rebuild builds fresh tables beside the live ones and swaps them in atomically."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from psycopg import sql

from aggregates.trading.wallet import wallet_id
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.runtime import ProjectionWorker, RebuildFailed, rebuild, wait_for
from projections.runtime.base import Tables
from projections.runtime.lease import lease_key
from projections.runtime.rebuild import REBUILD_NAMESPACE, REBUILD_SUFFIX
from projections.runtime.schema import create_projection_tables
from tests.projections.conftest import (
    FAST,
    WalletTotals,
    applied_positions,
    handled_positions,
    rows,
    running,
    totals,
    tracked,
)

CTX = CommandContext(actor="test")
NAME = WalletTotals.name


def _backlog(store, owners, per_owner):
    wallets = [store.repository.get(wallet_id(owner)) for owner in owners]
    for _ in range(per_owner):
        for wallet in wallets:
            wallet.deposit(Decimal("1.00"), "USD")
    store.save(*wallets)


class Reader(threading.Thread):
    """Queries the live model in a loop, as an analyst would, recording what it saw."""

    def __init__(self, read_models) -> None:
        super().__init__(daemon=True)
        self.read_models, self.stop = read_models, threading.Event()
        self.seen: list[tuple[Any, ...]] = []
        self.errors: list[Exception] = []

    def run(self) -> None:
        schema = self.read_models.schema
        query = sql.SQL("SELECT (SELECT coalesce(sum(deposits), 0) FROM {t}), (SELECT count(*) FROM {a})").format(
            t=sql.Identifier(schema, NAME), a=sql.Identifier(schema, NAME + "_applied")
        )
        with self.read_models.connect() as conn:
            while not self.stop.is_set():
                try:
                    with conn.transaction():  # one snapshot for both counts
                        self.seen.append(tuple(conn.execute(query).fetchone()))
                except Exception as error:
                    self.errors.append(error)


def test_readers_never_see_half_built_model_when_rebuilding_under_load(store, trading, open_wallets, read_models):
    # Given a live model of 2,000 deposits, a worker, commands arriving, and a reader
    owners = open_wallets(20)
    _backlog(store, owners, 100)
    worker, reader, stop_commands = (
        ProjectionWorker(WalletTotals(), read_models, store.env, FAST),
        Reader(read_models),
        threading.Event(),
    )
    issued: list[int] = []

    def commands() -> None:
        while not stop_commands.is_set():
            issued.append(trading.deposit(owners[len(issued) % 20], Decimal(1), "USD", CTX).position)

    with running(worker):
        assert wait_for(read_models, NAME, EventLog(store).last_position(), timeout=20)
        reader.start()
        writer = threading.Thread(target=commands, daemon=True)
        writer.start()

        # When the projection is rebuilt meanwhile
        rebuilt_at = rebuild(WalletTotals(), read_models, store.env, batch_size=100)
        stop_commands.set()
        writer.join(10)
        assert wait_for(read_models, NAME, issued[-1], timeout=20)
        reader.stop.set()
        reader.join(10)

    # Then readers never failed nor went back in time, and every view was consistent
    assert reader.errors == []
    assert len(reader.seen) > 10 and issued and rebuilt_at > 0
    deposits = [d for d, _ in reader.seen]
    assert deposits == sorted(deposits) and all(d == a for d, a in reader.seen)
    # and the swapped-in model equals the live history, every event once
    assert sum(n for n, _, _ in totals(read_models).values()) == 2_000 + len(issued)
    assert applied_positions(read_models) == handled_positions(store, WalletTotals.topics)
    assert _names_with_suffix(read_models) == []
    assert (NAME + "_applied_pkey",) in rows(
        read_models, "SELECT indexname FROM pg_indexes WHERE schemaname = %s", read_models.schema
    )


def test_leftover_tables_are_dropped_when_a_crashed_rebuild_left_them(store, trading, open_wallets, read_models):
    # Given a rebuild that crashed half-way, leaving junk in its tables
    [owner] = open_wallets(1)
    last = [trading.deposit(owner, Decimal(1), "USD", CTX).position for _ in range(3)][-1]
    with read_models.connect() as conn, conn.transaction(), conn.cursor() as cur:
        create_projection_tables(cur, WalletTotals(), Tables(read_models.schema, REBUILD_SUFFIX))
        cur.execute(
            sql.SQL("INSERT INTO {} VALUES (gen_random_uuid(), 99, 99, 0)").format(
                sql.Identifier(read_models.schema, NAME + REBUILD_SUFFIX)
            )
        )

    # When the projection is rebuilt
    rebuild(WalletTotals(), read_models, store.env)

    # Then the junk is gone and the model is exact
    assert totals(read_models) == {wallet_id(owner): (3, Decimal(3), Decimal(0))}
    assert tracked(read_models, NAME) >= last
    assert _names_with_suffix(read_models) == []


def test_rebuild_is_refused_when_another_rebuild_of_it_runs(store, read_models):
    with read_models.connect() as conn:
        conn.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (REBUILD_NAMESPACE, lease_key(read_models, NAME)))
        with pytest.raises(RebuildFailed, match="already running"):
            rebuild(WalletTotals(), read_models, store.env)


def _names_with_suffix(read_models) -> list[tuple]:
    return rows(
        read_models,
        "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND relname LIKE %s",
        read_models.schema,
        f"%{REBUILD_SUFFIX}%",
    )
