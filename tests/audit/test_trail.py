"""The audit projection: the whole log, in order, hash-chained over the stored bytes."""

from __future__ import annotations

from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from event_store.application import EventStore
from event_store.log import EventLog
from projections.audit.canonical import GENESIS, canonical_bytes, chain_hash, fold_chain
from projections.audit.projection import AuditProjection
from projections.audit.view import AuditQuery, chain_head, page
from projections.runtime import RebuildFailed, rebuild
from projections.runtime.config import ReadModels
from projections.runtime.reading import read_step
from services.trading import TradingService
from services.users import UserService
from tests.audit.support import audit_tables, catch_up, trade_history
from tests.support import SteppingClock


def _stored(es_env: dict[str, str]) -> list[tuple[int, UUID, int, str, bytes]]:
    """The events table as an outside tool reads it."""
    events = sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")
    with psycopg.connect(ReadModels.from_env(es_env).conninfo) as conn:
        rows = conn.execute(
            sql.SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state"
                " FROM {} ORDER BY notification_id"
            ).format(events)
        ).fetchall()
    return [(p, i, v, t, bytes(s)) for p, i, v, t, s in rows]


def test_every_event_has_one_row_in_log_order_when_the_trail_caught_up(
    read_models: ReadModels,
    es_env: dict[str, str],
    users: UserService,
    trading: TradingService,
    clock: SteppingClock,
) -> None:
    # Given a history of registrations, a deposit, prices and an open position
    history = trade_history(users, trading, clock)

    # When the audit projection catches up
    catch_up(read_models, es_env)

    # Then the trail holds every stored event, in order, with its metadata and decoded fields
    with read_models.connect() as conn:
        rows = page(conn, audit_tables(read_models), AuditQuery(), 1000)
    stored = _stored(es_env)
    assert [(r["position"], r["aggregate_id"], r["version"], r["type"]) for r in rows] == [
        (p, str(i), v, t) for p, i, v, t, _ in stored
    ]
    deposit = next(r for r in rows if r["type"] == "trading.Wallet.Deposited")
    assert deposit["data"] == {"amount": "1000.00", "currency": "USD"}
    assert deposit["metadata"]["actor"] == str(history.alice)
    assert deposit["metadata"]["correlation_id"] == "audit-test"
    assert deposit["schema_version"] == 1
    assert deposit["timestamp"].startswith("2026-01-05T12:01:00")


def test_an_outside_tool_recomputes_every_hash_from_the_events_table_when_it_follows_the_docs(
    read_models: ReadModels,
    es_env: dict[str, str],
    users: UserService,
    trading: TradingService,
    clock: SteppingClock,
) -> None:
    # Given a trail caught up with a history
    trade_history(users, trading, clock)
    catch_up(read_models, es_env)

    # When the chain is recomputed from the events table alone
    stored = _stored(es_env)
    expected, prev = [], GENESIS
    for position, originator_id, version, topic, state in stored:
        prev = chain_hash(prev, canonical_bytes(position, originator_id, version, topic, state))
        expected.append(prev.hex())

    # Then every row's hash matches, each links to the previous one, and the head is the fold's
    with read_models.connect() as conn:
        rows = page(conn, audit_tables(read_models), AuditQuery(), 1000)
        head = chain_head(conn, audit_tables(read_models))
    assert [r["hash"] for r in rows] == expected
    assert [r["prev_hash"] for r in rows] == [GENESIS.hex(), *expected[:-1]]
    assert head == (stored[0][0], stored[-1][0], fold_chain(stored))


def test_rows_concern_the_user_whose_aggregates_they_belong_to_when_filtered_by_user(
    read_models: ReadModels,
    es_env: dict[str, str],
    users: UserService,
    trading: TradingService,
    clock: SteppingClock,
) -> None:
    # Given alice traded and bob only registered
    history = trade_history(users, trading, clock)
    catch_up(read_models, es_env)

    # When each user's rows are read
    with read_models.connect() as conn:
        alice = page(conn, audit_tables(read_models), AuditQuery(user_id=history.alice), 1000)
        bob = page(conn, audit_tables(read_models), AuditQuery(user_id=history.bob), 1000)

    # Then alice's are her user, claims, wallet and position events; bob's his four registration events
    assert [r["type"] for r in alice] == [
        "user.User.Registered",
        "user.UniqueClaim.Claimed",
        "user.UniqueClaim.Claimed",
        "trading.Wallet.Opened",
        "trading.Wallet.Deposited",
        "trading.Wallet.MarginReserved",
        "trading.Position.Opened",
    ]
    assert [r["type"] for r in bob] == [
        "user.User.Registered",
        "user.UniqueClaim.Claimed",
        "user.UniqueClaim.Claimed",
        "trading.Wallet.Opened",
    ]


def test_the_same_step_applied_twice_changes_nothing_when_replayed(
    read_models: ReadModels,
    es_env: dict[str, str],
    store: EventStore,
    users: UserService,
    trading: TradingService,
    clock: SteppingClock,
) -> None:
    # Given a trail caught up
    trade_history(users, trading, clock)
    upto = catch_up(read_models, es_env)
    with read_models.connect() as conn:
        before = page(conn, audit_tables(read_models), AuditQuery(), 1000)

    # When the whole log is applied again to the same tables
    projection = AuditProjection()
    projection.open(es_env)
    step = read_step(EventLog(store), 0, upto, 1000, ())
    with read_models.connect() as conn, conn.transaction(), conn.cursor() as cur:
        projection.apply_batch(cur, audit_tables(read_models), step.events)

    # Then the rows are the same
    with read_models.connect() as conn:
        assert page(conn, audit_tables(read_models), AuditQuery(), 1000) == before


def test_rebuild_is_refused_when_asked_for_the_audit_trail(read_models: ReadModels, es_env: dict[str, str]) -> None:
    # When a rebuild of the insert-only trail is asked for, then it is refused
    with pytest.raises(RebuildFailed):
        rebuild(AuditProjection(), read_models, es_env)


def test_worker_without_open_refuses_to_guess_the_events_table(read_models: ReadModels) -> None:
    # Given a projection that was never opened, when it is handed events, then it refuses
    event = type("E", (), {"position": 1})()
    with read_models.connect() as conn, conn.cursor() as cur, pytest.raises(RuntimeError, match="open"):
        AuditProjection().apply_batch(cur, audit_tables(read_models), [event])
