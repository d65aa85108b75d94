"""The command path on the event loop (event_store/async_store.py, docs/adr/0017): the same
group commit, per-command outcomes, idempotency and loads as the threads' path, without a thread."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError

from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from event_store.async_store import READERS, AsyncStore
from event_store.group_commit import Alone, Append
from event_store.metadata import CommandContext, metadata_of
from services.commands import CommandRunner, Idempotency
from services.errors import IdempotencyKeyReused
from services.trading import TradingService

T = TypeVar("T")
EVERYTHING = 2**63 - 1
CTX = CommandContext(actor="tester", correlation_id="c-1")
SNAPSHOT_INTERVAL = EventStore.snapshotting_intervals[Wallet]


def _run(aio: AsyncStore, scenario: Callable[[], Awaitable[T]]) -> T:
    """Run ``scenario`` on a loop of its own, closing the connections it opened there."""

    async def main() -> T:
        try:
            return await scenario()
        finally:
            await aio.close()

    return asyncio.run(main())


def _funded(store: EventStore, cash: str = "100") -> Wallet:
    wallet = Wallet.open_for(uuid4())
    wallet.deposit(Decimal(cash), "USD")
    store.save(wallet)
    return wallet


def _stored_versions(store: EventStore, originator_id: UUID) -> list[int]:
    return [e.originator_version for e in store.events.get(originator_id)]


def test_concurrent_saves_share_transactions_and_each_gets_its_positions(runner: CommandRunner) -> None:
    store, aio = runner.store, runner.aio
    wallets = [Wallet.open_for(uuid4()) for _ in range(100)]

    async def scenario() -> list[list[int]]:
        return list(await asyncio.gather(*(aio.save([w], None) for w in wallets)))

    positions = _run(aio, scenario)
    assert all(len(p) == 1 for p in positions)
    ids = {w.id for w in wallets}
    stored = [n for n in store.store.select_between(0, EVERYTHING, 10_000) if n.originator_id in ids]
    assert sorted(n.id for n in stored) == sorted(p[0] for p in positions)
    transactions = len({n.id >> 20 for n in stored})
    assert transactions == aio.batches_written
    assert transactions <= 10, f"100 concurrent saves took {transactions} transactions"


def test_a_stale_command_in_a_batch_is_refused_alone(runner: CommandRunner, trading: TradingService) -> None:
    store, aio = runner.store, runner.aio
    stale_target = _funded(store)
    others = [_funded(store) for _ in range(20)]

    async def scenario() -> list[Any]:
        stale = await aio.get(stale_target.id)
        # Another command commits version 3 of the wallet meanwhile (the threads' path).
        await asyncio.to_thread(trading.deposit, stale_target.owner_id, Decimal(5), "USD", CTX)
        stale.deposit(Decimal(1), "USD")
        neighbours = [await aio.get(w.id) for w in others]
        for wallet in neighbours:
            wallet.deposit(Decimal(1), "USD")
        saves = [aio.save([stale], None), *(aio.save([w], None) for w in neighbours)]
        return list(await asyncio.gather(*saves, return_exceptions=True))

    outcomes = _run(aio, scenario)
    assert isinstance(outcomes[0], IntegrityError)
    assert all(isinstance(o, list) and len(o) == 1 for o in outcomes[1:])
    assert store.repository.get(stale_target.id).cash == Decimal(105)  # the stale deposit wrote nothing
    assert all(store.repository.get(w.id).cash == Decimal(101) for w in others)


def test_deposit_async_answers_and_records_as_the_sync_deposit(
    runner: CommandRunner, trading: TradingService, es_env: dict[str, str]
) -> None:
    owner = uuid4()
    runner.store.save(Wallet.open_for(owner))
    other_process = EventStore(env=es_env)  # writes the cache of ``runner`` never sees
    try:
        other = TradingService(CommandRunner(other_process))

        async def scenario() -> tuple[Any, Any]:
            first = await trading.deposit_async(owner, Decimal("10.00"), "USD", CTX)
            await asyncio.to_thread(other.deposit, owner, Decimal("5.00"), "USD", CTX)
            second = await trading.deposit_async(owner, Decimal("1.00"), "USD", CTX)  # fast-forwards its cache
            return first, second

        first, second = _run(runner.aio, scenario)
    finally:
        other_process.close()
    assert first.body["cash"] == "10.00" and first.status == 200
    assert second.body["cash"] == "16.00"
    stored = list(runner.store.events.get(wallet_id(owner)))
    assert [e.originator_version for e in stored] == [1, 2, 3, 4]
    assert metadata_of(stored[1])["correlation_id"] == "c-1"  # metadata as the sync path stamps it
    assert second.position == max(n.id for n in runner.store.store.select_between(0, EVERYTHING, 100))


def test_idempotency_keys_on_the_async_path(runner: CommandRunner, trading: TradingService) -> None:
    owner = uuid4()
    runner.store.save(Wallet.open_for(owner))
    key = Idempotency("k-1", {"operation": "deposit", "amount": "3"})

    async def scenario() -> tuple[Any, Any]:
        first = await trading.deposit_async(owner, Decimal(3), "USD", CTX, key)
        again = await trading.deposit_async(owner, Decimal(3), "USD", CTX, key)
        return first, again

    first, again = _run(runner.aio, scenario)
    assert again.replayed and (again.body, again.position) == (first.body, first.position)
    assert _stored_versions(runner.store, wallet_id(owner)) == [1, 2]  # written once
    with pytest.raises(IdempotencyKeyReused):
        other_body = Idempotency("k-1", {"operation": "deposit", "amount": "4"})
        _run(runner.aio, lambda: trading.deposit_async(owner, Decimal(4), "USD", CTX, other_body))


def test_a_batch_that_committed_before_its_connection_was_lost_is_recognised(
    runner: CommandRunner, trading: TradingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch commits, then its connection is lost before the answer: each append is then written
    alone, meets its own events, and is acknowledged once (never a duplicate deposit)."""
    owner = uuid4()
    runner.store.save(Wallet.open_for(owner))
    write = AsyncStore._write_batch

    async def lost_after_commit(self: AsyncStore, batch: list[Append]) -> None:
        await write(self, batch)
        for append in batch:
            append.outcome = Alone(maybe_committed=True)

    monkeypatch.setattr(AsyncStore, "_write_batch", lost_after_commit)
    result = _run(runner.aio, lambda: trading.deposit_async(owner, Decimal(7), "USD", CTX))
    assert result.body["cash"] == "7.00"
    assert _stored_versions(runner.store, wallet_id(owner)) == [1, 2]


def test_snapshots_fall_due_as_on_the_sync_path(
    runner: CommandRunner, trading: TradingService, es_env: dict[str, str]
) -> None:
    owner = uuid4()
    runner.store.save(Wallet.open_for(owner))

    async def scenario() -> None:
        for _ in range(SNAPSHOT_INTERVAL - 1):  # the wallet's version 100 is its 99th deposit
            await trading.deposit_async(owner, Decimal(1), "USD", CTX)

    _run(runner.aio, scenario)
    assert runner.store.snapshots is not None
    snapshots = list(runner.store.snapshots.get(wallet_id(owner)))
    assert [s.originator_version for s in snapshots] == [SNAPSHOT_INTERVAL]
    fresh = EventStore(env=es_env)  # no cache: loads from the snapshot
    try:
        assert fresh.repository.get(wallet_id(owner)).cash == Decimal(SNAPSHOT_INTERVAL - 1)
    finally:
        fresh.close()


def test_a_load_waits_for_a_connection_no_longer_than_the_pool_timeout(
    runner: CommandRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every reader busy (a database that hangs): the next load fails as the sync pool's would (503)."""
    wallet = _funded(runner.store)
    aio = runner.aio
    monkeypatch.setattr(runner.store.store.datastore.pool, "timeout", 0.2)

    async def scenario() -> Any:
        async with AsyncExitStack() as busy:
            for _ in range(READERS):
                await busy.enter_async_context(aio.connection())
            with pytest.raises(OperationalError):
                await aio.get(wallet.id)
        return await aio.get(wallet.id)  # the readers are back

    assert _run(aio, scenario).cash == Decimal(100)
