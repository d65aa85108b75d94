"""Optimistic concurrency on real PostgreSQL: conflicts, bounded retries, no overdraft."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal as D

import pytest
from eventsourcing.persistence import IntegrityError

from aggregates.errors import InsufficientFunds
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from services.commands import MAX_ATTEMPTS, CommandRunner, Decision
from services.errors import ConcurrencyConflict
from services.trading import TradingService
from services.users import UserService
from tests.integration.helpers import ctx, in_parallel, logged, register


@pytest.fixture
def rival(es_env: dict[str, str]) -> Iterator[EventStore]:
    """A second event store on the same schema: its own pool, its own connections."""
    app = EventStore(env=es_env)
    yield app
    app.close()


@pytest.fixture
def funded(users: UserService, trading: TradingService) -> Wallet:
    user_id = register(users)
    trading.deposit(user_id, D("100.00"), "USD", ctx(str(user_id)))
    return Wallet.open_for(user_id)  # only for its id


def withdrawn_amounts(store: EventStore, wallet: Wallet) -> list[D]:
    return [
        e.event.amount for e in logged(store) if e.originator_id == wallet.id and isinstance(e.event, Wallet.Withdrawn)
    ]


# --- (a) two writers, one wins ------------------------------------------------------------------


def test_second_save_is_refused_with_integrity_error_when_two_stores_changed_the_same_wallet_version(
    store: EventStore, rival: EventStore, funded: Wallet
):
    mine: Wallet = store.repository.get(funded.id)
    theirs: Wallet = rival.repository.get(funded.id)
    assert mine.version == theirs.version
    mine.withdraw(D("60.00"), "USD")
    theirs.withdraw(D("70.00"), "USD")

    store.save(mine)
    with pytest.raises(IntegrityError):
        rival.save(theirs)

    assert withdrawn_amounts(store, funded) == [D("60.00")]
    assert rival.repository.get(funded.id).cash == D("40.00")


def test_exactly_one_save_wins_when_two_connections_commit_the_same_wallet_version_at_once(
    store: EventStore, rival: EventStore, funded: Wallet
):
    writers = [store, rival]
    loaded: list[Wallet] = [app.repository.get(funded.id) for app in writers]
    for wallet, amount in zip(loaded, ("60.00", "70.00"), strict=True):
        wallet.withdraw(D(amount), "USD")

    outcomes = in_parallel(2, lambda i: writers[i].save(loaded[i]))

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], IntegrityError), outcomes
    [withdrawn] = withdrawn_amounts(store, funded)
    assert store.repository.get(funded.id).cash == D("100.00") - withdrawn >= 0


# --- (b) the runner retries conflicts -----------------------------------------------------------


def test_command_is_decided_again_on_fresh_state_when_its_first_save_loses_a_race(
    store: EventStore, rival: EventStore, runner: CommandRunner, funded: Wallet
):
    seen_versions: list[int] = []

    def decide() -> Decision:
        wallet: Wallet = store.repository.get(funded.id)
        seen_versions.append(wallet.version)
        if len(seen_versions) == 1:  # a rival commits between our load and our save
            other: Wallet = rival.repository.get(funded.id)
            other.deposit(D("5.00"), "USD")
            rival.save(other)
        wallet.deposit(D("1.00"), "USD")
        return Decision([wallet], {"cash": str(wallet.cash)})

    result = runner.run(decide, ctx("t"))

    assert seen_versions == [seen_versions[0], seen_versions[0] + 1]
    assert result.body == {"cash": "106.00"}
    assert store.repository.get(funded.id).cash == D("106.00")


def test_command_gives_up_with_concurrency_conflict_after_the_bounded_attempts_when_it_always_loses(
    store: EventStore, rival: EventStore, runner: CommandRunner, funded: Wallet
):
    attempts = 0

    def decide() -> Decision:
        nonlocal attempts
        attempts += 1
        wallet: Wallet = store.repository.get(funded.id)
        other: Wallet = rival.repository.get(funded.id)
        other.deposit(D("1.00"), "USD")
        rival.save(other)
        wallet.withdraw(D("50.00"), "USD")
        return Decision([wallet])

    with pytest.raises(ConcurrencyConflict):
        runner.run(decide, ctx("t"))

    assert attempts == MAX_ATTEMPTS
    assert withdrawn_amounts(store, funded) == []
    assert store.repository.get(funded.id).cash == D("100.00") + MAX_ATTEMPTS


def test_every_deposit_lands_when_many_threads_deposit_to_one_wallet_at_once(
    store: EventStore, users: UserService, trading: TradingService
):
    user_id = register(users)
    amounts = [D(f"{i + 1}.01") for i in range(10)]

    outcomes = in_parallel(len(amounts), lambda i: trading.deposit(user_id, amounts[i], "USD", ctx(str(user_id))))

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    wallet: Wallet = store.repository.get(wallet_id(user_id))
    assert wallet.cash == sum(amounts) == D("55.10")
    assert wallet.version == 1 + len(amounts)
    answered = {
        D(o.body["cash"]) for o in outcomes if not isinstance(o, BaseException)
    }  # each command saw the wallet right after its own deposit
    assert len(answered) == len(amounts) and max(answered) == wallet.cash


# --- (c) a hundred withdrawals on one wallet -------------------------------------------------------


def test_wallet_is_never_overdrawn_and_every_refusal_is_clean_when_100_threads_withdraw_at_once(
    store: EventStore, users: UserService, trading: TradingService
):
    user_id = register(users)
    trading.deposit(user_id, D("1000.00"), "USD", ctx(str(user_id)))

    outcomes = in_parallel(100, lambda i: trading.withdraw(user_id, D("15.00"), "USD", None, ctx(str(user_id))))

    refusals = [o for o in outcomes if isinstance(o, BaseException)]
    assert all(isinstance(r, InsufficientFunds | ConcurrencyConflict) for r in refusals), {type(r) for r in refusals}
    successes = len(outcomes) - len(refusals)
    assert 1 <= successes <= 66  # 66 × 15.00 = 990.00 ≤ 1000.00 < 67 × 15.00
    wallet: Wallet = store.repository.get(wallet_id(user_id))
    assert wallet.cash == D("1000.00") - 15 * successes >= 0
    balance, lowest, withdrawals = D(0), D(0), 0
    for entry in (e for e in logged(store) if e.originator_id == wallet.id):
        if isinstance(entry.event, Wallet.Deposited):
            balance += entry.event.amount
        elif isinstance(entry.event, Wallet.Withdrawn):
            balance, withdrawals = balance - entry.event.amount, withdrawals + 1
        lowest = min(lowest, balance)
    assert (balance, withdrawals) == (wallet.cash, successes)
    assert lowest >= 0  # no prefix of the log overdraws the wallet


def test_threads_really_run_in_parallel_when_using_in_parallel():
    # Guards the helper the tests above rely on: all workers are inside work() together.
    inside, peak, lock = 0, 0, threading.Lock()
    release = threading.Event()

    def work(_: int) -> None:
        nonlocal inside, peak
        with lock:
            inside += 1
            peak = max(peak, inside)
            if inside == 5:
                release.set()
        release.wait(5)

    in_parallel(5, work)
    assert peak == 5
