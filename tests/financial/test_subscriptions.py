"""Subscriptions on real PostgreSQL: start, extend from the current end, restart once lapsed, revenue recorded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest

from aggregates.errors import InsufficientFunds
from aggregates.financial.revenue import revenue_book_id
from aggregates.financial.subscription import subscription_id
from tests.financial.support import CTX, logged, wallet
from tests.support import SteppingClock


def test_first_payment_starts_30_days_now_and_records_9_99_revenue(store, clock: SteppingClock, subscriptions, traders):
    [alice] = traders(1, cash="20.00")

    result = subscriptions.subscribe(alice, "pro", CTX)

    assert result.status == 201
    assert result.body == {
        "subscription_id": str(subscription_id(alice)),
        "plan": "pro",
        "amount": "9.99",
        "period_start": clock.instant.isoformat(),
        "period_end": (clock.instant + timedelta(days=30)).isoformat(),
        "cash": "10.01",
    }
    assert wallet(store, alice).cash == D("10.01")
    assert store.repository.get(revenue_book_id(alice)).by_source == {"subscription": D("9.99")}


def test_extension_adds_30_days_to_the_current_end_when_paid_before_it(store, clock, subscriptions, traders):
    [alice] = traders(1, cash="20.00")
    start = clock.instant
    subscriptions.subscribe(alice, "pro", CTX)
    clock.advance(days=10)

    result = subscriptions.subscribe(alice, "pro", CTX)

    assert result.status == 200
    assert (result.body["period_start"], result.body["period_end"]) == (
        (start + timedelta(days=30)).isoformat(),
        (start + timedelta(days=60)).isoformat(),
    )
    assert result.body["cash"] == "0.02" and wallet(store, alice).cash == D("0.02")
    assert store.repository.get(revenue_book_id(alice)).total == D("19.98")


def test_a_lapsed_subscription_restarts_now_when_paid_again(clock, subscriptions, traders):
    [alice] = traders(1, cash="20.00")
    subscriptions.subscribe(alice, "pro", CTX)
    clock.advance(days=31)

    result = subscriptions.subscribe(alice, "pro", CTX)

    assert result.body["period_start"] == clock.instant.isoformat()
    assert result.body["period_end"] == (clock.instant + timedelta(days=30)).isoformat()


def test_nothing_is_written_when_cash_does_not_cover_the_plan(store, subscriptions, traders):
    [alice] = traders(1, cash="9.98")
    before = logged(store)
    with pytest.raises(InsufficientFunds) as refused:
        subscriptions.subscribe(alice, "pro", CTX)
    assert (refused.value.status, refused.value.code) == (409, "insufficient_funds")
    assert logged(store) == before


def test_subscription_wallet_and_revenue_are_one_transaction(store, subscriptions, traders):
    [alice] = traders(1)
    before = logged(store)[-1].position
    subscriptions.subscribe(alice, "pro", CTX)
    written = logged(store, after=before)
    assert [e.topic for e in written] == [
        "financial.Subscription.Started",
        "trading.Wallet.SubscriptionPaid",
        "financial.PlatformRevenue.Opened",
        "financial.PlatformRevenue.Recorded",
    ]
    assert len({e.position >> 20 for e in written}) == 1
