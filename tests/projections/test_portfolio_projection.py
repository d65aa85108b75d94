"""The portfolio projection against real PostgreSQL: exact numbers, replay, rebuild.

The projection is driven here by hand (read the log, apply inside a transaction),
exactly as the runtime drives it, so these tests need nothing of the runtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from aggregates.money import Side
from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.portfolio.projection import PortfolioProjection
from projections.portfolio.statements import TABLES
from projections.portfolio.view import PortfolioView
from projections.runtime.base import Tables
from services.liquidation import LiquidationService
from services.nft import NftService
from services.subscriptions import SubscriptionService
from services.trading import TradingService
from services.users import UserService
from tests.support import conninfo

D = Decimal
CTX = CommandContext(actor="test", correlation_id="portfolio-test")
ALL = 2**63 - 1


@dataclass(frozen=True)
class History:
    alice: UUID
    bob: UUID
    carol: UUID
    positions: dict[str, UUID]


def known_history(users: UserService, trading: TradingService) -> History:
    """Deposits, long and short with leverage, price moves, a close, a withdrawal, a gap."""
    alice, bob, carol = (
        UUID(users.register(n, f"{n}@example.com", "pw-12345678", CTX).body["user_id"])
        for n in ("alice", "bob", "carol")
    )
    trading.deposit(alice, D("10000.00"), "USD", CTX)
    trading.deposit(bob, D("500.00"), "USD", CTX)
    for symbol, price in (("BTC-USD", "50000"), ("ETH-USD", "3000"), ("SOL-USD", "100")):
        trading.record_price(symbol, D(price), CTX)
    opened = {
        "btc_long": trading.open_position(alice, "BTC-USD", Side.LONG, D("0.1"), 5, CTX),  # margin 1000, fee 5
        "eth_short": trading.open_position(alice, "ETH-USD", Side.SHORT, D("2"), 2, CTX),  # margin 3000, fee 6
        "sol_short": trading.open_position(bob, "SOL-USD", Side.SHORT, D("10"), 10, CTX),  # margin 100, fee 1
    }
    positions = {name: UUID(result.body["position_id"]) for name, result in opened.items()}
    trading.record_price("BTC-USD", D("51000"), CTX)
    trading.record_price("ETH-USD", D("2900"), CTX)
    trading.close_position(alice, positions["eth_short"], CTX)  # gross +200, fee 5.80, net 188.20
    trading.withdraw(alice, D("183.20"), "USD", None, CTX)
    eth_long = trading.open_position(alice, "ETH-USD", Side.LONG, D("1.5"), 1, CTX)  # margin 4350, fee 4.35
    positions["eth_long"] = UUID(eth_long.body["position_id"])
    trading.record_price("BTC-USD", D("52000.05"), CTX)  # +200.005 → 200.00 (banker's rounding)
    trading.record_price("ETH-USD", D("2800"), CTX)  # −150.00
    trading.record_price("SOL-USD", D("115"), CTX)  # bob's short: −150 capped at −100.00 (his margin)
    return History(alice, bob, carol, positions)


def apply_log(
    store: EventStore, tables: Tables, projection: PortfolioProjection, after: int = 0, upto: int | None = None
) -> int:
    """Create the tables, then apply ``(after, upto]`` of the log in one transaction, as the runtime does."""
    log = EventLog(store)
    upto = ALL if upto is None else upto  # every event here is committed: no need to wait for the safe head
    with psycopg.connect(conninfo(store.env)) as conn, conn.transaction(), conn.cursor() as cur:
        for statement in projection.create_tables(tables):
            cur.execute(sql.Composed([statement]))
        for event in log.read(after, upto, 10_000, projection.topics):
            projection.apply(cur, tables, event)
    return upto


def dump(store_or_conninfo: EventStore | str, tables: Tables) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    info = store_or_conninfo if isinstance(store_or_conninfo, str) else conninfo(store_or_conninfo.env)
    with psycopg.connect(info) as conn:
        return {
            name: conn.execute(psycopg.sql.SQL("SELECT * FROM {} ORDER BY 1").format(tables[name])).fetchall()
            for name in TABLES
        }


def read(store: EventStore, tables: Tables, user_id: UUID):
    with psycopg.connect(conninfo(store.env)) as conn:
        return PortfolioView().portfolio(conn, tables, user_id)


@pytest.fixture
def tables(store: EventStore) -> Tables:
    return Tables(store.env["POSTGRES_SCHEMA"])


def test_portfolio_has_exact_numbers_when_after_known_history(users, trading, store, tables):
    # Given a history of deposits, leveraged longs and shorts, ticks, a close and a withdrawal
    history = known_history(users, trading)
    # When the projection has applied the whole log
    apply_log(store, tables, PortfolioProjection())
    # Then the portfolio has the exact figures
    alice = read(store, tables, history.alice)
    [usd] = alice.balances
    assert (usd.currency, usd.cash, usd.reserved_margin) == ("USD", D("4645.65"), D("5350.00"))
    assert (usd.total_deposits, usd.total_withdrawals, usd.fees_paid) == (D("10000.00"), D("183.20"), D("21.15"))
    assert alice.realized_pnl == D("188.20") and alice.closed_positions == 1
    by_id = {p.position_id: p for p in alice.positions}
    assert set(by_id) == {history.positions["btc_long"], history.positions["eth_long"]}
    btc, eth = by_id[history.positions["btc_long"]], by_id[history.positions["eth_long"]]
    assert (btc.side, btc.leverage, btc.entry_price, btc.mark_price, btc.unrealized_pnl) == (
        "long",
        5,
        D("50000"),
        D("52000.05"),
        D("200.00"),
    )
    assert (btc.margin, btc.fee, btc.liquidation_price) == (D("1000.00"), D("5.00"), D("40000"))
    assert (eth.quantity, eth.mark_price, eth.unrealized_pnl) == (D("1.5"), D("2800"), D("-150.00"))
    assert (alice.unrealized_pnl, alice.equity, alice.total_deposits) == (D("50.00"), D("10045.65"), D("10000.00"))


def test_unrealized_loss_is_capped_at_margin_when_price_gaps_beyond_liquidation(users, trading, store, tables):
    history = known_history(users, trading)
    apply_log(store, tables, PortfolioProjection())
    bob = read(store, tables, history.bob)
    [sol] = bob.positions
    assert (sol.side, sol.mark_price, sol.unrealized_pnl) == ("short", D("115"), D("-100.00"))
    [usd] = bob.balances
    assert (usd.cash, usd.reserved_margin, bob.equity) == (D("399.00"), D("100.00"), D("399.00"))


def test_portfolio_equals_aggregate_state_when_after_known_history(users, trading, store, tables):
    history = known_history(users, trading)
    apply_log(store, tables, PortfolioProjection())
    for user_id in (history.alice, history.bob, history.carol):
        wallet: Wallet = store.repository.get(wallet_id(user_id))
        portfolio = read(store, tables, user_id)
        [usd] = portfolio.balances
        assert (usd.cash, usd.reserved_margin) == (wallet.cash, wallet.reserved)
    positions = [store.repository.get(p) for p in history.positions.values()]
    closed = [p for p in positions if isinstance(p, Position) and not p.is_open and p.owner_id == history.alice]
    assert read(store, tables, history.alice).realized_pnl == sum((p.net_pnl for p in closed), D(0))


def test_cash_and_margin_follow_nft_trades_subscriptions_and_liquidations(users, trading, store, tables):
    # Given the known history, then an NFT sale alice → bob, alice's subscription, bob's short liquidated at 115
    history = known_history(users, trading)
    nfts = NftService(trading.runner)
    nft_id = UUID(nfts.mint_badge(history.alice, "first_trade", CTX).body["nft_id"])
    nfts.list_for_sale(history.alice, nft_id, D("50.00"), CTX)
    nfts.purchase(history.bob, nft_id, D("50.00"), CTX)  # fee 1.25
    SubscriptionService(trading.runner).subscribe(history.alice, "pro", CTX)  # 9.99
    LiquidationService(trading.runner).liquidate(history.positions["sol_short"], D("115"), CTX)  # loses margin 100
    # When the projection has applied the whole log (twice: replays change nothing)
    apply_log(store, tables, PortfolioProjection())
    apply_log(store, tables, PortfolioProjection())
    # Then cash, margin and realized P&L follow, and equal the wallets
    alice, bob = read(store, tables, history.alice), read(store, tables, history.bob)
    assert alice.balances[0].cash == D("4684.41")  # 4645.65 + 48.75 − 9.99
    assert (bob.balances[0].cash, bob.balances[0].reserved_margin, bob.positions) == (D("349.00"), D("0.00"), ())
    assert (bob.realized_pnl, bob.closed_positions) == (D("-101.00"), 1)  # −100 margin − 1.00 opening fee
    for user_id in (history.alice, history.bob):
        wallet: Wallet = store.repository.get(wallet_id(user_id))
        [usd] = read(store, tables, user_id).balances
        assert (usd.cash, usd.reserved_margin) == (wallet.cash, wallet.reserved)


def test_portfolio_is_empty_when_user_only_registered(users, trading, store, tables):
    history = known_history(users, trading)
    apply_log(store, tables, PortfolioProjection())
    carol = read(store, tables, history.carol)
    assert carol.positions == () and carol.realized_pnl == D("0.00") and carol.equity == D("0.00")
    assert (carol.balances[0].cash, carol.balances[0].total_deposits) == (D("0.00"), D("0.00"))


def test_portfolio_is_none_when_user_unknown(users, trading, store, tables):
    known_history(users, trading)
    apply_log(store, tables, PortfolioProjection())
    assert read(store, tables, UUID(int=42)) is None


def test_rebuild_from_scratch_equals_incremental_when_applied_in_two_halves(users, trading, store):
    # Given a history applied incrementally: in two transactions split mid-log
    known_history(users, trading)
    schema = store.env["POSTGRES_SCHEMA"]
    incremental, rebuilt = Tables(schema), Tables(schema, "__rebuild")
    log = EventLog(store)
    events = log.read(0, ALL, 10_000, PortfolioProjection.topics)
    middle = events[len(events) // 2].position
    apply_log(store, incremental, PortfolioProjection(), 0, middle)
    apply_log(store, incremental, PortfolioProjection(), middle)
    # When a fresh set of tables is built from position 0 in one go
    apply_log(store, rebuilt, PortfolioProjection())
    # Then both hold exactly the same rows
    assert dump(store, incremental) == dump(store, rebuilt)


def test_nothing_changes_when_the_same_events_are_applied_twice(users, trading, store, tables):
    known_history(users, trading)
    apply_log(store, tables, PortfolioProjection())
    before = dump(store, tables)
    apply_log(store, tables, PortfolioProjection())  # every position applied a second time
    assert dump(store, tables) == before


def test_apply_refuses_when_topic_is_not_handled(store, tables):
    log_event = type("E", (), {"topic": "user.User.Registered", "position": 7})()
    with psycopg.connect(conninfo(store.env)) as conn, conn.cursor() as cur, pytest.raises(ValueError, match="7"):
        PortfolioProjection().apply(cur, tables, log_event)


def test_every_money_event_is_handled_and_a_bad_one_halts():
    assert set(PortfolioProjection.topics) == {
        event.TOPIC
        for event in (
            Wallet.Opened,
            Wallet.Deposited,
            Wallet.Withdrawn,
            Wallet.MarginReserved,
            Wallet.MarginReleased,
            Wallet.MarginForfeited,
            Wallet.NftBought,
            Wallet.NftSold,
            Wallet.SubscriptionPaid,
            Wallet.OrderReserved,
            Wallet.OrderReleased,
            Position.Opened,
            Position.Closed,
            Position.Liquidated,
            Position.PartiallyClosed,
            Position.MarginAdded,
            Position.Increased,
            MarketPrice.Listed,
            MarketPrice.Ticked,
        )
    }
    assert PortfolioProjection.on_poison == "halt"
