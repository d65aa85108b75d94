"""Worker groups: several projections as threads of one process, each as safe as alone."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import psycopg

from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.runtime import ReadModels, WorkerGroup, projection_status, run_groups, wait_for
from projections.runtime.base import Projection
from projections.runtime.lease import LEASE_NAMESPACE
from projections.runtime.shared import PROCESS_STEPS
from tests.projections.conftest import (
    FAST,
    POISON,
    PoisonHaltTotals,
    PoisonSkipTotals,
    SlowWalletTotals,
    WalletTotals,
    applied_positions,
    handled_positions,
    rows,
    spawn_group,
    totals,
    wait_until,
)

CTX = CommandContext(actor="test")
GROUP = [WalletTotals.name, SlowWalletTotals.name, PoisonSkipTotals.name]


@contextmanager
def running_group(group: WorkerGroup) -> Iterator[threading.Thread]:
    thread = threading.Thread(target=group.run, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        group.stop.set()
        thread.join(timeout=15)
        assert not thread.is_alive(), "group did not stop"


def _lease_holders(read_models: ReadModels, names: list[str]) -> set[int]:
    """Backend pids holding the leases of ``names``."""
    found = rows(
        read_models,
        "SELECT DISTINCT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
        " AND l.classid = %s AND l.objid = ANY(SELECT hashtext(%s || '.' || n)::oid"
        " FROM unnest(%s::text[]) n)",
        LEASE_NAMESPACE,
        read_models.schema,
        names,
    )
    return {pid for (pid,) in found}


def _exactly_once(store, read_models: ReadModels, name: str) -> None:
    assert applied_positions(read_models, name) == handled_positions(store, WalletTotals.topics), name


def test_group_process_runs_every_projection_to_completion_when_started(
    store, trading, open_wallets, read_models, es_env
):
    # Given a history of deposits, and three projections run as one group process
    owners = open_wallets(4)
    for i in range(60):
        trading.deposit(owners[i % 4], Decimal(1), "USD", CTX)
    group = spawn_group(es_env, read_models, GROUP)
    try:
        # When it catches up, and more deposits arrive while it follows
        last = EventLog(store).last_position()
        for name in GROUP:
            assert wait_for(read_models, name, last, timeout=30), name
        last = [trading.deposit(owners[0], Decimal(1), "USD", CTX).position for _ in range(5)][-1]
        for name in GROUP:
            assert wait_for(read_models, name, last, timeout=20), name

        # Then every projection applied every event exactly once, each holding its own lease,
        # all leases on one connection of the process
        assert {s.status for s in projection_status(read_models, GROUP)} == {"idle"}
        assert len(_lease_holders(read_models, GROUP)) == 1
    finally:
        group.kill()
    for name in GROUP:
        _exactly_once(store, read_models, name)
        assert sorted(n for n, _, _ in totals(read_models, name).values()) == [15, 15, 15, 20]


def test_other_projections_progress_and_stay_healthy_when_one_of_the_group_halts(
    store, trading, open_wallets, read_models
):
    # Given a group where one projection halts on an event the others handle fine
    [owner] = open_wallets(1)
    trading.deposit(owner, Decimal(1), "USD", CTX)
    poison = trading.deposit(owner, POISON, "USD", CTX).position
    names = [PoisonHaltTotals.name, WalletTotals.name, PoisonSkipTotals.name]
    group = WorkerGroup("test", [PoisonHaltTotals(), WalletTotals(), PoisonSkipTotals()], read_models, store.env, FAST)
    with running_group(group) as thread:
        wait_until(lambda: projection_status(read_models, [PoisonHaltTotals.name])[0].status == "halted")

        # When more events arrive after the halt
        last = [trading.deposit(owner, Decimal(2), "USD", CTX).position for _ in range(3)][-1]

        # Then the others apply them and report healthy; the halted one stays where it stopped
        assert wait_for(read_models, WalletTotals.name, last, timeout=20)
        assert wait_for(read_models, PoisonSkipTotals.name, last, timeout=20)
        status = {s.name: s for s in projection_status(read_models, names)}
        assert (status[WalletTotals.name].status, status[PoisonSkipTotals.name].status) == ("idle", "idle")
        assert status[PoisonHaltTotals.name].status == "halted"
        assert status[PoisonHaltTotals.name].position < poison
        assert thread.is_alive()
    assert [n for n, _, _ in totals(read_models, WalletTotals.name).values()] == [5]


def test_standby_copy_of_a_group_takes_over_every_lease_when_the_first_is_killed(
    store, trading, open_wallets, read_models, es_env
):
    # Given a group process holding its leases, and a second copy of the group standing by
    [owner] = open_wallets(1)
    first = trading.deposit(owner, Decimal(1), "USD", CTX).position
    holder = spawn_group(es_env, read_models, GROUP)
    try:
        for name in GROUP:
            assert wait_for(read_models, name, first, timeout=30), name
        held_by = _lease_holders(read_models, GROUP)
        standby = WorkerGroup(
            "test", [WalletTotals(), SlowWalletTotals(), PoisonSkipTotals()], read_models, store.env, FAST
        )
        with running_group(standby):
            # When the first copy is killed with SIGKILL while commands keep coming
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
            last = [trading.deposit(owner, Decimal(1), "USD", CTX).position for _ in range(5)][-1]

            # Then the standby holds every lease and serves the new events, exactly once
            for name in GROUP:
                assert wait_for(read_models, name, last, timeout=30), name
            taken_by = _lease_holders(read_models, GROUP)
            assert len(taken_by) == 1 and taken_by != held_by
    finally:
        holder.kill()
    for name in GROUP:
        _exactly_once(store, read_models, name)
        assert [n for n, _, _ in totals(read_models, name).values()] == [6]


def test_group_takes_its_leases_again_and_carries_on_when_its_connections_are_terminated(
    store, trading, open_wallets, read_models
):
    # Given a running group
    [owner] = open_wallets(1)
    names = [WalletTotals.name, PoisonSkipTotals.name]
    group = WorkerGroup("test", [WalletTotals(), PoisonSkipTotals()], read_models, store.env, FAST)
    with running_group(group) as thread:
        first = trading.deposit(owner, Decimal(1), "USD", CTX).position
        for name in names:
            assert wait_for(read_models, name, first, timeout=10), name

        # When the database terminates every connection of the group (its leases with them)
        with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
            killed = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE %s",
                (f"astratrade:%:{read_models.schema}.test",),
            ).fetchall()
        assert len(killed) >= 2  # the leases' connection and an apply connection at least
        last = [trading.deposit(owner, Decimal(1), "USD", CTX).position for _ in range(3)][-1]

        # Then it reconnects by itself, takes its leases again and carries on
        for name in names:
            assert wait_for(read_models, name, last, timeout=30), name
        assert thread.is_alive()
        assert {s.status for s in projection_status(read_models, names)} == {"idle"}
    for name in names:
        assert [n for n, _, _ in totals(read_models, name).values()] == [4]


def test_groups_sharing_a_process_keep_their_own_leases_connection_and_health_when_one_halts(
    store, trading, open_wallets, read_models
):
    # Given two groups run as threads of one process (what `up` does with core, social and policies),
    # one of them with a projection that halts on an event
    [owner] = open_wallets(1)
    trading.deposit(owner, Decimal(1), "USD", CTX)
    poison = trading.deposit(owner, POISON, "USD", CTX).position
    first, second = [PoisonHaltTotals.name, WalletTotals.name], [PoisonSkipTotals.name, SlowWalletTotals.name]
    groups = {
        "first": [PoisonHaltTotals(), WalletTotals()],
        "second": [PoisonSkipTotals(), SlowWalletTotals()],
    }
    stop = threading.Event()
    outcome: list[bool] = []
    thread = threading.Thread(
        target=lambda: outcome.append(run_groups(groups, read_models, store.env, FAST, stop)), daemon=True
    )
    thread.start()
    try:
        wait_until(lambda: projection_status(read_models, [PoisonHaltTotals.name])[0].status == "halted")

        # When more events arrive after the halt
        last = [trading.deposit(owner, Decimal(2), "USD", CTX).position for _ in range(3)][-1]

        # Then every other projection, in either group, applies them and reports healthy
        for name in (WalletTotals.name, *second):
            assert wait_for(read_models, name, last, timeout=20), name
        status = {s.name: s.status for s in projection_status(read_models, first + second)}
        assert status == {PoisonHaltTotals.name: "halted", WalletTotals.name: "idle", **dict.fromkeys(second, "idle")}
        assert projection_status(read_models, [PoisonHaltTotals.name])[0].position < poison
        # and each group holds its leases on a connection of its own, as it would in a process of its own
        wait_until(lambda: len(_lease_holders(read_models, [WalletTotals.name])) == 1)
        wait_until(lambda: len(_lease_holders(read_models, second)) == 1)
        assert _lease_holders(read_models, [WalletTotals.name]).isdisjoint(_lease_holders(read_models, second))
        # but both groups' steps run on one pool of the process, of at most PROCESS_STEPS connections
        with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
            applying = [
                name
                for (name,) in conn.execute(
                    "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE %s",
                    (f"astratrade:apply:{read_models.schema}%",),
                )
            ]
        assert applying and set(applying) == {f"astratrade:apply:{read_models.schema}"}
        assert len(applying) <= PROCESS_STEPS
    finally:
        stop.set()
        thread.join(timeout=15)
    assert not thread.is_alive(), "the groups did not stop"
    assert outcome == [True]


def test_a_group_that_fails_to_start_stops_the_other_groups_of_its_process(monkeypatch, store, read_models) -> None:
    # Given two groups of one process, one of which cannot open its resources
    ran: list[str] = []

    def run(self: WorkerGroup) -> None:
        if self.name == "broken":
            raise psycopg.OperationalError("connection refused")
        ran.append(self.name)
        self.stop.wait(15)

    monkeypatch.setattr(WorkerGroup, "run", run)

    # When they are run (off the main thread: no signal handlers installed in pytest's process)
    outcome: list[bool] = []
    groups: dict[str, list[Projection]] = {"healthy": [], "broken": []}
    thread = threading.Thread(
        target=lambda: outcome.append(run_groups(groups, read_models, store.env, FAST)), daemon=True
    )
    thread.start()
    thread.join(timeout=10)

    # Then the healthy group is stopped too, and the process is told to exit non-zero
    assert not thread.is_alive(), "the healthy group was left running"
    assert outcome == [False]
    assert ran == ["healthy"]
