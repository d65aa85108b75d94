"""A command's events commit together or not at all, across aggregates."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from aggregates.errors import InsufficientFunds, PriceUnavailable
from aggregates.money import Side
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from services.trading import TradingService
from services.users import UserService
from tests.integration.helpers import ctx, logged, register, stored_rows


@pytest.fixture
def trader(users: UserService, trading: TradingService) -> UUID:
    user_id = register(users)
    trading.deposit(user_id, D("1000.00"), "USD", ctx(str(user_id)))
    trading.record_price("BTC-USD", D("100"), ctx("feed"))
    return user_id


def test_wallet_and_position_events_commit_in_one_transaction_at_adjacent_positions_when_opening(
    store: EventStore, trading: TradingService, trader: UUID
):
    before = logged(store)[-1].position

    result = trading.open_position(trader, "BTC-USD", Side.LONG, D("2"), 4, ctx(str(trader)))

    reserved, opened = logged(store, after=before)
    assert (reserved.topic, opened.topic) == ("trading.Wallet.MarginReserved", "trading.Position.Opened")
    assert opened.position == reserved.position + 1 == result.position
    assert isinstance(reserved.event, Wallet.MarginReserved) and isinstance(opened.event, Position.Opened)
    assert reserved.event.position_id == opened.originator_id == UUID(result.body["position_id"])
    assert (
        (reserved.event.margin, reserved.event.fee)
        == (opened.event.margin, opened.event.fee)
        == (D("50.00"), D("0.20"))
    )
    rows = stored_rows(store, "xmin::text AS tx", "notification_id > %s", (before,))
    assert len(rows) == 2 and rows[0]["tx"] == rows[1]["tx"]  # one xmin: written by one transaction


def test_nothing_is_written_when_opening_is_refused_for_insufficient_funds(
    store: EventStore, trading: TradingService, trader: UUID
):
    before = logged(store)

    with pytest.raises(InsufficientFunds):
        trading.open_position(trader, "BTC-USD", Side.LONG, D("10"), 1, ctx(str(trader)))  # 1000 + 1.00 fee

    assert logged(store) == before
    assert store.repository.get(wallet_id(trader)).cash == D("1000.00")


def test_nothing_is_written_when_opening_is_refused_because_the_symbol_has_no_price(
    store: EventStore, trading: TradingService, trader: UUID
):
    before = logged(store)

    with pytest.raises(PriceUnavailable):
        trading.open_position(trader, "ETH-USD", Side.SHORT, D("1"), 1, ctx(str(trader)))

    assert logged(store) == before


def test_no_event_of_a_save_is_stored_when_one_of_its_aggregates_conflicts(
    store: EventStore, trading: TradingService, trader: UUID
):
    opened = trading.open_position(trader, "BTC-USD", Side.LONG, D("1"), 1, ctx(str(trader)))
    position_id = UUID(opened.body["position_id"])
    stale: Position = store.repository.get(position_id)
    trading.close_position(trader, position_id, ctx(str(trader)))  # moves the position on
    before = logged(store)
    wallet: Wallet = store.repository.get(wallet_id(trader))
    wallet.deposit(D("5.00"), "USD")  # would be fine on its own
    stale.close(D("100"))

    with pytest.raises(IntegrityError):
        store.save(wallet, stale)

    assert logged(store) == before
    assert store.repository.get(wallet.id).version == wallet.version - 1
