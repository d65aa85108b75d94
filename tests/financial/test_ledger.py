"""The double-entry ledger: every money movement balanced, exact balances, replay-safe, rebuild-equal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from aggregates.money import Side
from projections.analytics.projection import AnalyticsProjection
from projections.ledger.projection import LedgerProjection
from projections.ledger.statements import TABLES
from projections.ledger.view import LedgerView
from projections.policies.liquidation import LiquidationPolicy
from projections.runtime import ReadModels
from projections.runtime.base import Tables
from tests.financial.support import ALL, CTX, apply_log, catch_up, logged, rows, wallet


@dataclass(frozen=True)
class History:
    alice: UUID
    bob: UUID
    liquidated: UUID


@pytest.fixture
def history(store, read_models, trading, nfts, subscriptions, traders) -> History:
    """A profit, a liquidation through a gap, a withdrawal, an NFT sale and a subscription."""
    alice, bob = traders(2, cash="0")
    trading.deposit(alice, D("1000.00"), "USD", CTX)
    trading.deposit(bob, D("500.00"), "USD", CTX)
    trading.record_price("BTC-USD", D("100"), CTX)
    long = UUID(trading.open_position(alice, "BTC-USD", Side.LONG, D("2"), 2, CTX).body["position_id"])  # 100 + 0.20
    short = UUID(trading.open_position(bob, "BTC-USD", Side.SHORT, D("1"), 10, CTX).body["position_id"])  # 10 + 0.10
    trading.record_price("BTC-USD", D("105"), CTX)
    trading.close_position(alice, long, CTX)  # gross +10.00, fee 0.21
    trading.record_price("BTC-USD", D("115"), CTX)  # the short (liquidation price 110) gaps: 5.00 uncovered
    catch_up(store, read_models, LiquidationPolicy())
    trading.withdraw(alice, D("9.59"), "USD", None, CTX)
    nft_id = UUID(nfts.mint_badge(alice, "first_trade", CTX).body["nft_id"])
    nfts.list_for_sale(alice, nft_id, D("100.00"), CTX)
    nfts.purchase(bob, nft_id, D("100.00"), CTX)  # fee 2.50
    subscriptions.subscribe(bob, "pro", CTX)  # 9.99
    return History(alice, bob, short)


def balances(models: ReadModels, tables: Tables) -> dict[str, D]:
    with models.connect() as conn:
        return LedgerView().balances(conn, tables)


def test_every_account_has_its_exact_balance_and_they_sum_to_zero_when_after_the_history(
    store, read_models, history: History
):
    tables = apply_log(store, read_models, LedgerProjection())

    a, b = history.alice, history.bob
    assert balances(read_models, tables) == {
        "external": D("-1490.41"),  # 1500.00 deposited, 9.59 withdrawn
        f"user:{a}:cash": D("1097.50"),
        f"user:{a}:margin": D("0.00"),
        f"user:{b}:cash": D("379.91"),
        f"user:{b}:margin": D("0.00"),
        "platform:fees": D("13.00"),  # 0.20 + 0.10 + 0.21 + 2.50 + 9.99
        "platform:counterparty": D("5.00"),  # −10.00 profit paid, +10.00 margin forfeited, +5.00 from the fund
        "insurance_fund": D("-5.00"),
    }
    for user in (a, b):
        assert balances(read_models, tables)[f"user:{user}:cash"] == wallet(store, user).cash
    with read_models.connect() as conn:
        assert LedgerView().check(conn, tables) == (0, D("0.00"))


def test_each_events_entries_sum_to_zero_when_checked_with_the_documented_query(store, read_models, history):
    apply_log(store, read_models, LedgerProjection())
    # docs/read-models.md, "the ledger": zero unbalanced events, and the whole ledger sums to zero
    assert rows(
        read_models,
        """SELECT count(*) FILTER (WHERE total <> 0), COALESCE(sum(total), 0)
        FROM (SELECT sum(amount) AS total FROM {s}.ledger_entries GROUP BY log_position) AS per_event""",
    ) == [(0, D("0.00"))]
    kinds = {kind for (kind,) in rows(read_models, "SELECT DISTINCT kind FROM {s}.ledger_entries")}
    assert kinds == {
        "deposit",
        "withdrawal",
        "margin_reserve",
        "trading_fee",
        "margin_release",
        "realized_pnl",
        "liquidation",
        "uncovered_loss",
        "nft_sale",
        "marketplace_fee",
        "subscription",
    }


def dump(models: ReadModels, tables: Tables) -> dict[str, list[tuple[object, ...]]]:
    with models.connect() as conn:
        return {
            name: conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1, 2").format(tables[name])).fetchall()
            for name in TABLES
        }


def test_nothing_changes_when_the_same_events_are_applied_twice(store, read_models, history):
    tables = apply_log(store, read_models, LedgerProjection())
    before = dump(read_models, tables)
    apply_log(store, read_models, LedgerProjection())
    assert dump(read_models, tables) == before


def test_rebuild_from_scratch_equals_incremental_when_applied_in_two_halves(store, read_models, history):
    projection = LedgerProjection()
    live = read_models.tables_for(projection)
    rebuilt = read_models.tables_for(projection, suffix="__rebuild")
    events = logged(store, topics=projection.topics)
    middle = events[len(events) // 2].position
    apply_log(store, read_models, projection, 0, middle)
    apply_log(store, read_models, projection, middle)
    with read_models.connect() as conn, conn.transaction(), conn.cursor() as cur:
        for statement in projection.create_tables(rebuilt):
            cur.execute(statement)
        for event in logged(store, topics=projection.topics):
            projection.apply(cur, rebuilt, event)
    assert dump(read_models, live) == dump(read_models, rebuilt)


def test_the_ledger_halts_rather_than_guessing_when_a_wallet_is_unknown(store, read_models, traders):
    traders(1, cash="5.00")
    deposit = logged(store, topics=("trading.Wallet.Deposited",))[0]
    with psycopg.connect(read_models.conninfo) as conn, conn.cursor() as cur, pytest.raises(ValueError):
        LedgerProjection().apply(cur, read_models.tables_for(LedgerProjection), deposit)
    assert LedgerProjection.on_poison == "halt"


def test_analytics_counts_a_liquidation_as_its_own_kind(store, read_models, history: History):
    tables = apply_log(store, read_models, AnalyticsProjection(), 0, ALL)
    with read_models.connect() as conn:
        facts = conn.execute(
            sql.SQL(
                "SELECT kind, price, fee, gross_pnl, uncovered_loss FROM {} WHERE position_id = %s ORDER BY kind"
            ).format(tables["trade_facts"]),
            (history.liquidated,),
        ).fetchall()
        [(count,)] = conn.execute(
            sql.SQL("SELECT sum(liquidation_count) FROM {}").format(tables["volume_daily"])
        ).fetchall()
    assert facts == [
        ("liquidation", D("115"), D("0.00"), D("-10.00"), D("5.00")),
        ("open", D("100"), D("0.10"), None, None),
    ]
    assert count == 1
