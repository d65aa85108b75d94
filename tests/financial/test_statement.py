"""The account statement read model on real PostgreSQL: each movement of free cash with its kind and the
balance after it, idempotent, rebuild = incremental."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID

from aggregates.money import Side
from aggregates.nft.nft import badge_id
from aggregates.trading.order import OrderType
from projections.runtime import rebuild
from projections.statement.projection import StatementProjection
from services.orders import OrderService, OrderSpec
from tests.financial.support import CTX, apply_log, catch_up, rows, wallet

SELECT = "SELECT kind, amount, balance FROM {s}.statement_entries WHERE user_id = %s ORDER BY log_position, entry"
EVERYTHING = "SELECT * FROM {s}.statement_entries ORDER BY user_id, log_position, entry"


def history(trading, nfts, subscriptions, traders):
    """Alice deposits, trades once, withdraws, pays a plan and sells a badge to Bob."""
    alice, bob = traders(2, cash="0")
    trading.deposit(alice, D("500.00"), "USD", CTX)
    trading.deposit(bob, D("100.00"), "USD", CTX)
    trading.record_price("BTC-USD", D("100"), CTX)
    position = trading.open_position(alice, "BTC-USD", Side.LONG, D("2"), 2, CTX).body["position_id"]
    trading.record_price("BTC-USD", D("110"), CTX)
    trading.close_position(alice, position, CTX)
    trading.withdraw(alice, D("50.00"), "USD", None, CTX)
    subscriptions.subscribe(alice, "pro", CTX)
    nft = badge_id(alice, "first_trade")
    nfts.mint_badge(alice, "first_trade", CTX)
    nfts.list_for_sale(alice, nft, D("40.00"), CTX)
    nfts.purchase(bob, nft, D("40.00"), CTX)
    return alice, bob


def test_every_movement_of_free_cash_with_its_kind_and_the_balance_after_it(
    store, read_models, trading, nfts, subscriptions, traders
):
    alice, bob = history(trading, nfts, subscriptions, traders)

    apply_log(store, read_models, StatementProjection())

    assert rows(read_models, SELECT, alice) == [
        ("deposit", D("500.00"), D("500.00")),
        ("margin_reserved", D("-100.00"), D("400.00")),  # notional 200 at 2x
        ("fee", D("-0.20"), D("399.80")),
        ("margin_released", D("100.00"), D("499.80")),
        ("realized_pnl", D("20.00"), D("519.80")),
        ("fee", D("-0.22"), D("519.58")),
        ("withdrawal", D("-50.00"), D("469.58")),
        ("subscription", D("-9.99"), D("459.59")),
        ("nft_sale", D("39.00"), D("498.59")),  # 40.00 less the 2.5 % fee
    ]
    assert rows(read_models, SELECT, bob) == [
        ("deposit", D("100.00"), D("100.00")),
        ("nft_purchase", D("-40.00"), D("60.00")),
    ]
    assert (wallet(store, alice).cash, wallet(store, bob).cash) == (D("498.59"), D("60.00"))


def test_nothing_changes_when_the_same_events_are_applied_twice(
    store, read_models, trading, nfts, subscriptions, traders
):
    history(trading, nfts, subscriptions, traders)
    apply_log(store, read_models, StatementProjection())
    before = rows(read_models, EVERYTHING)

    apply_log(store, read_models, StatementProjection())

    assert rows(read_models, EVERYTHING) == before


def test_a_rebuild_equals_the_model_built_incrementally(
    es_env, store, read_models, trading, nfts, subscriptions, traders
):
    [carol] = traders(1, cash="30.00")
    catch_up(store, read_models, StatementProjection())
    history(trading, nfts, subscriptions, traders)
    trading.withdraw(carol, D("5.00"), "USD", None, CTX)
    catch_up(store, read_models, StatementProjection())
    live = rows(read_models, EVERYTHING)

    rebuild(StatementProjection(), read_models, es_env)

    assert rows(read_models, EVERYTHING) == live
    assert len(live) == 13


def test_an_orders_held_cash_and_its_release_are_lines_of_the_statement(store, read_models, trading, traders):
    # Given alice with 500.00 and a limit long of 0.2 BTC at 95 resting (margin 19.00 + fee 0.02 held), then cancelled
    (alice,) = traders(1, cash="0")
    trading.deposit(alice, D("500.00"), "USD", CTX)
    trading.record_price("BTC-USD", D("100"), CTX)
    orders = OrderService(trading.runner)
    placed = orders.place(alice, OrderSpec(OrderType.LIMIT, "BTC-USD", Side.LONG, D("0.2"), limit_price=D("95")), CTX)
    orders.cancel(alice, UUID(placed.body["order_id"]), CTX)

    apply_log(store, read_models, StatementProjection())

    # Then the statement shows the cash held and given back, and ends where the wallet is
    assert rows(read_models, SELECT, alice) == [
        ("deposit", D("500.00"), D("500.00")),
        ("order_reserved", D("-19.02"), D("480.98")),
        ("order_released", D("19.02"), D("500.00")),
    ]
    assert wallet(store, alice).cash == D("500.00")
