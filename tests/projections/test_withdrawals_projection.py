"""The withdrawals read model on real PostgreSQL: statuses from the log, idempotent, rebuild = incremental."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any
from uuid import UUID

import pytest

from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.runtime import ReadModels, rebuild
from projections.withdrawals.projection import WithdrawalsProjection
from services.commands import CommandRunner
from services.onchain import OnchainService
from services.trading import TradingService
from tests.financial.support import apply_log, catch_up, rows
from tests.starknet.support import deposits, read_models_for

CTX = CommandContext(actor="test", correlation_id="withdrawals")
TX = {"type": "INVOKE"}
ADDRESS = "0x4a1"
SELECT = "SELECT withdrawal_id, user_id, amount, starknet_address, status, tx_hash, reason FROM {s}.withdrawals"


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [WithdrawalsProjection()]) as read_models:
        yield read_models


def withdraw(trading: TradingService, owner: UUID, amount: str, address: str | None = None) -> UUID:
    return UUID(trading.withdraw(owner, D(amount), "USD", address, CTX).body["withdrawal_id"])


def settle(store: EventStore, withdrawal: UUID, owner: UUID, amount: str, *steps: Any) -> None:
    """Request the on-chain settlement of ``withdrawal`` (as the settlement policy does) and record ``steps``."""
    onchain = OnchainService(CommandRunner(store))
    settlement = UUID(
        onchain.request_settlement(withdrawal, owner, ADDRESS, D(amount), "USD", CTX).body["settlement_id"]
    )
    for step in steps:
        assert onchain.record(settlement, step, CTX)


def history(store: EventStore, trading: TradingService) -> tuple[UUID, dict[str, UUID]]:
    """A plain withdrawal, and three to an address: settled, failed after a refused attempt, still requested."""
    owner = deposits(store, trading, 3)  # 30.00
    ids = {
        "plain": withdraw(trading, owner, "1.00"),
        "settled": withdraw(trading, owner, "2.00", ADDRESS),
        "failed": withdraw(trading, owner, "3.00", ADDRESS),
        "waiting": withdraw(trading, owner, "4.00", ADDRESS),
    }
    settle(
        store,
        ids["settled"],
        owner,
        "2.00",
        lambda s: s.sign(1, 0, "0xa1", TX),
        lambda s: s.submit("0xa1"),
        lambda s: s.accept("0xa1", "ACCEPTED_ON_L2", 9),
    )
    settle(
        store,
        ids["failed"],
        owner,
        "3.00",
        lambda s: s.sign(1, 1, "0xb1", TX),
        lambda s: s.refuse("0xb1", "Invalid transaction nonce"),
        lambda s: s.sign(2, 2, "0xb2", TX),
        lambda s: s.submit("0xb2"),
        lambda s: s.reject("0xb2", "reverted: vault empty"),
    )
    settle(store, ids["waiting"], owner, "4.00", lambda s: s.sign(1, 3, "0xc1", TX))
    return owner, ids


def test_each_withdrawal_shows_its_owner_amount_and_status(store, trading, models):
    owner, ids = history(store, trading)

    apply_log(store, models, WithdrawalsProjection())

    found = {row[0]: row[1:] for row in rows(models, SELECT)}
    assert found == {
        ids["plain"]: (owner, D("1.00"), None, "settled", None, None),
        ids["settled"]: (owner, D("2.00"), ADDRESS, "settled", "0xa1", None),
        ids["failed"]: (owner, D("3.00"), ADDRESS, "failed", "0xb2", "reverted: vault empty"),
        ids["waiting"]: (owner, D("4.00"), ADDRESS, "requested", None, None),
    }


def test_nothing_changes_when_the_same_events_are_applied_twice(store, trading, models):
    history(store, trading)
    apply_log(store, models, WithdrawalsProjection())
    before = rows(models, "SELECT * FROM {s}.withdrawals ORDER BY withdrawal_id")

    apply_log(store, models, WithdrawalsProjection())

    assert rows(models, "SELECT * FROM {s}.withdrawals ORDER BY withdrawal_id") == before


def test_a_rebuild_equals_the_model_built_incrementally(es_env, store, trading, models):
    # Given a model built live in two steps: half the history, then the rest
    owner = deposits(store, trading, 2)
    first = withdraw(trading, owner, "5.00", ADDRESS)
    catch_up(store, models, WithdrawalsProjection())
    settle(store, first, owner, "5.00", lambda s: s.sign(1, 0, "0xd1", TX), lambda s: s.submit("0xd1"))
    history(store, trading)
    catch_up(store, models, WithdrawalsProjection())
    live = rows(models, "SELECT * FROM {s}.withdrawals ORDER BY withdrawal_id")
    # When it is rebuilt from position 0
    rebuild(WithdrawalsProjection(), models, es_env)
    # Then the rebuilt model equals the live one
    assert rows(models, "SELECT * FROM {s}.withdrawals ORDER BY withdrawal_id") == live
    assert len(live) == 5
