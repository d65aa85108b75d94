"""Rules of the financial context and of the trading additions: revenue, insurance fund,
subscriptions, settlement intent, liquidation, wallet payments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from uuid import UUID

import pytest

from aggregates.errors import InsufficientFunds, InvalidAmount, PositionAlreadyClosed
from aggregates.financial.insurance_fund import INSURANCE_FUND_ID, InsuranceFund
from aggregates.financial.revenue import PlatformRevenue, RevenueSource, revenue_book_id
from aggregates.financial.settlement import Settlement, withdrawal_id
from aggregates.financial.subscription import Subscription, UnknownPlan
from aggregates.money import Side
from aggregates.trading.position import Position, PositionNotLiquidatable
from aggregates.trading.wallet import Wallet
from tests.unit.aggregates.spec import given, new_events, then_refused

OWNER = UUID("00000000-0000-4000-8000-000000000001")
REF = UUID("00000000-0000-4000-8000-0000000000ff")
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def test_revenue_book_totals_every_source_when_charges_are_recorded():
    book = PlatformRevenue.open_for(OWNER)
    book.record(RevenueSource.TRADING_FEE, D("0.20"), REF)
    book.record(RevenueSource.MARKETPLACE_FEE, D("2.50"), REF)
    book.record(RevenueSource.SUBSCRIPTION, D("9.99"), REF)
    assert book.id == revenue_book_id(OWNER)
    assert [name for name, _ in new_events(book)] == ["Opened", "Recorded", "Recorded", "Recorded"]
    assert book.total == D("12.69")
    assert book.by_source == {"trading_fee": D("0.20"), "marketplace_fee": D("2.50"), "subscription": D("9.99")}


def test_revenue_book_records_nothing_when_the_charge_rounded_to_zero():
    book = given(PlatformRevenue.open_for(OWNER))
    book.record(RevenueSource.TRADING_FEE, D("0.00"), REF)
    assert new_events(book) == []


@pytest.mark.parametrize("amount", ["-0.01", "0.001", "NaN"])
def test_revenue_is_refused_when_not_a_non_negative_amount_in_cents(amount: str):
    book = given(PlatformRevenue.open_for(OWNER))
    then_refused(book, InvalidAmount, lambda: book.record(RevenueSource.TRADING_FEE, D(amount), REF))


def test_insurance_fund_adds_up_the_losses_it_covered():
    fund = InsuranceFund.open()
    fund.cover(REF, D("10.00"))
    fund.cover(OWNER, D("0.01"))
    assert fund.id == INSURANCE_FUND_ID and fund.covered == D("10.01")
    assert new_events(fund)[1:] == [
        ("LossCovered", {"position_id": REF, "amount": D("10.00")}),
        ("LossCovered", {"position_id": OWNER, "amount": D("0.01")}),
    ]


def test_subscription_starts_now_for_30_days_at_9_99():
    sub = Subscription.start(OWNER, "pro", NOW)
    assert new_events(sub) == [
        (
            "Started",
            {
                "user_id": OWNER,
                "plan": "pro",
                "amount": D("9.99"),
                "period_start": NOW,
                "period_end": NOW + timedelta(days=30),
            },
        )
    ]


def test_extension_adds_30_days_to_the_current_end_when_still_active():
    sub = given(Subscription.start(OWNER, "pro", NOW))
    sub.extend("pro", NOW + timedelta(days=3))
    end = NOW + timedelta(days=30)
    assert new_events(sub) == [
        ("Extended", {"plan": "pro", "amount": D("9.99"), "period_start": end, "period_end": end + timedelta(days=30)})
    ]


def test_extension_starts_a_new_period_now_when_the_subscription_lapsed():
    sub = given(Subscription.start(OWNER, "pro", NOW))
    later = NOW + timedelta(days=45)
    sub.extend("pro", later)
    assert (sub.period_start, sub.period_end) == (later, later + timedelta(days=30))
    assert sub.is_active(later) and not sub.is_active(later + timedelta(days=30))


def test_unknown_plan_is_refused():
    with pytest.raises(UnknownPlan):
        Subscription.start(OWNER, "gold", NOW)


def test_settlement_request_is_identified_by_the_withdrawal_it_settles():
    wallet_id = UUID(int=9)
    settlement = Settlement.request(OWNER, wallet_id, 4, D("10.00"), "USD", "0xabc")
    assert settlement.id == withdrawal_id(wallet_id, 4) != withdrawal_id(wallet_id, 5)
    assert new_events(settlement) == [
        (
            "Requested",
            {
                "withdrawal_id": settlement.id,
                "user_id": OWNER,
                "wallet_id": wallet_id,
                "amount": D("10.00"),
                "currency": "USD",
                "starknet_address": "0xabc",
            },
        )
    ]


def opened(side: Side, quantity: str, leverage: int, price: str) -> Position:
    return given(Position.open(OWNER, "BTC-USD", side, D(quantity), leverage, D(price)))


def liquidated(exit_price: str, gross: str, net: str, uncovered: str = "0.00") -> tuple[str, dict[str, D]]:
    return (
        "Liquidated",
        {
            "exit_price": D(exit_price),
            "gross_pnl": D(gross),
            "fee": D("0.00"),
            "net_pnl": D(net),
            "uncovered_loss": D(uncovered),
        },
    )


@pytest.mark.parametrize(
    ("side", "price", "event"),
    [
        # long 0.1 @ 50000 ×5: margin 1000.00, fee 5.00, liquidation price 40000
        (Side.LONG, "40000", liquidated("40000", "-1000.00", "-1005.00")),
        (Side.LONG, "39000", liquidated("39000", "-1000.00", "-1005.00", "100.00")),  # a gap
        # short 0.1 @ 50000 ×5: liquidation price 60000
        (Side.SHORT, "60000", liquidated("60000", "-1000.00", "-1005.00")),
        (Side.SHORT, "60000.01", liquidated("60000.01", "-1000.00", "-1005.00", "0.00")),  # 0.001 → 0.00
        (Side.SHORT, "61234.56", liquidated("61234.56", "-1000.00", "-1005.00", "123.46")),  # 123.456 → 123.46
    ],
)
def test_liquidation_loses_exactly_the_margin_without_closing_fee_when_at_or_beyond_the_price(side, price, event):
    position = opened(side, "0.1", 5, "50000")
    settlement = position.liquidate(D(price))
    assert new_events(position) == [event]
    assert settlement.cash_returned == D("0.00") and not position.is_open


@pytest.mark.parametrize(("side", "price"), [(Side.LONG, "40000.01"), (Side.SHORT, "59999.99")])
def test_liquidation_is_refused_when_the_price_has_not_reached_the_liquidation_price(side, price):
    position = opened(side, "0.1", 5, "50000")
    then_refused(position, PositionNotLiquidatable, lambda: position.liquidate(D(price)))


def test_second_liquidation_or_close_is_refused_when_already_liquidated():
    position = opened(Side.LONG, "1", 10, "100")
    position.liquidate(D("90"))
    given(position)
    then_refused(position, PositionAlreadyClosed, lambda: position.liquidate(D("80")))
    then_refused(position, PositionAlreadyClosed, lambda: position.close(D("120")))


def funded(cash: str) -> Wallet:
    wallet = Wallet.open_for(OWNER)
    wallet.deposit(D(cash), "USD")
    return given(wallet)


def test_wallet_pays_and_receives_when_nfts_and_subscriptions_are_traded():
    wallet = funded("20.00")
    wallet.pay_for_nft(REF, D("5.00"))
    wallet.receive_nft_sale(REF, D("100.00"), D("2.50"))
    wallet.pay_subscription(REF, "pro", D("9.99"))
    assert [name for name, _ in new_events(wallet)] == ["NftBought", "NftSold", "SubscriptionPaid"]
    assert wallet.cash == D("102.51")


def test_forfeited_margin_leaves_cash_untouched_when_a_position_is_liquidated():
    wallet = funded("100.00")
    wallet.reserve_margin(REF, D("50.00"), D("0.05"))
    given(wallet)
    wallet.forfeit_margin(REF, D("50.00"))
    assert new_events(wallet) == [("MarginForfeited", {"position_id": REF, "margin": D("50.00")})]
    assert (wallet.cash, wallet.reserved) == (D("49.95"), D("0.00"))


@pytest.mark.parametrize(
    "pay", [lambda w: w.pay_for_nft(REF, D("10.01")), lambda w: w.pay_subscription(REF, "pro", D("10.01"))]
)
def test_payment_is_refused_when_it_exceeds_cash_not_reserved(pay):
    wallet = funded("10.00")
    then_refused(wallet, InsufficientFunds, lambda: pay(wallet))
