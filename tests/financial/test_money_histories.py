"""Every cent is accounted for after random command histories (hypothesis, real PostgreSQL).

Random deposits, withdrawals, ticks, opens, closes, NFT mints, listings and
purchases and subscriptions by three traders; the liquidation and revenue
policies and the ledger then follow the log on the real runtime. After every
history: the ledger sums to zero event by event, no cash or margin is negative,
each user's ledger accounts equal their wallet, platform fees equal what the
log charged and the revenue books hold, and the insurance fund paid what it covered.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregates.errors import DomainError
from aggregates.financial.insurance_fund import INSURANCE_FUND_ID
from aggregates.financial.revenue import revenue_book_id
from aggregates.money import Side
from aggregates.nft.errors import NftAlreadyMinted
from aggregates.nft.nft import badge_id
from projections.ledger.projection import LedgerProjection
from projections.ledger.view import LedgerView
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.revenue import RevenuePolicy
from tests.financial.support import CTX, catch_up, logged, wallet

USERS = 3
_symbols = itertools.count()
money = st.decimals(min_value=D("0.01"), max_value=D("400.00"), places=2, allow_nan=False, allow_infinity=False)
prices = st.decimals(min_value=D("60"), max_value=D("140"), places=2, allow_nan=False, allow_infinity=False)
who = st.integers(0, USERS - 1)
commands = st.one_of(
    st.tuples(st.just("deposit"), who, money),
    st.tuples(st.just("withdraw"), who, money),
    st.tuples(st.just("tick"), prices),
    st.tuples(st.just("open"), who, st.sampled_from(Side), st.sampled_from(["0.5", "1", "2.5"]), st.integers(1, 10)),
    st.tuples(st.just("close"), who, st.integers(0, 3)),
    st.tuples(st.just("sell"), who, st.sampled_from(["first_trade", "ten_trades", "level_5"]), money),
    st.tuples(st.just("buy"), who, st.integers(0, 3)),
    st.tuples(st.just("subscribe"), who),
)


class Trader:
    """Runs one random history through the services, keeping what later commands refer to."""

    def __init__(self, services: dict[str, Any], users: list[UUID], symbol: str) -> None:
        self.s, self.users, self.symbol = services, users, symbol
        self.positions: dict[int, list[UUID]] = {i: [] for i in range(USERS)}
        self.nfts: list[UUID] = []

    def run(self, command: tuple[Any, ...]) -> None:
        action: Callable[..., None] = getattr(self, command[0])
        try:
            action(*command[1:])
        except DomainError:
            pass  # a refusal writes nothing; the invariants below must hold either way

    def deposit(self, u: int, amount: D) -> None:
        self.s["trading"].deposit(self.users[u], amount, "USD", CTX)

    def withdraw(self, u: int, amount: D) -> None:
        self.s["trading"].withdraw(self.users[u], amount, "USD", None, CTX)

    def tick(self, price: D) -> None:
        # Forced (as an admin may): gaps beyond the price band keep the insurance-fund path covered.
        self.s["trading"].record_price(self.symbol, price, CTX, force=True)

    def open(self, u: int, side: Side, quantity: str, leverage: int) -> None:
        result = self.s["trading"].open_position(self.users[u], self.symbol, side, D(quantity), leverage, CTX)
        self.positions[u].append(UUID(result.body["position_id"]))

    def close(self, u: int, k: int) -> None:
        if self.positions[u]:
            self.s["trading"].close_position(self.users[u], self.positions[u][k % len(self.positions[u])], CTX)

    def sell(self, u: int, achievement: str, price: D) -> None:
        """Mint the user's badge of ``achievement`` (once) and list it, or re-list it if they still own it."""
        nft_id = badge_id(self.users[u], achievement)
        try:
            self.s["nfts"].mint_badge(self.users[u], achievement, CTX)
            self.nfts.append(nft_id)
        except NftAlreadyMinted:
            pass
        self.s["nfts"].list_for_sale(self.users[u], nft_id, price, CTX)

    def buy(self, u: int, k: int) -> None:
        if self.nfts:
            nft_id = self.nfts[k % len(self.nfts)]
            asked = self.s["nfts"].repository.get(nft_id).price or D("0.01")  # the buyer names the listed price
            self.s["nfts"].purchase(self.users[u], nft_id, asked, CTX)

    def subscribe(self, u: int) -> None:
        self.s["subscriptions"].subscribe(self.users[u], "pro", CTX)


def fees_charged(store: Any) -> D:
    total = D(0)
    for e in logged(
        store,
        topics=(
            "trading.Position.Opened",
            "trading.Position.Closed",
            "nft.Nft.Purchased",
            "trading.Wallet.SubscriptionPaid",
        ),
    ):
        total += e.event.amount if e.topic == "trading.Wallet.SubscriptionPaid" else e.event.fee  # type: ignore[attr-defined]
    return total


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(commands, min_size=5, max_size=30))
def test_every_cent_is_accounted_for_when_after_any_history(
    history, store, read_models, trading, nfts, subscriptions, traders
):
    # Given three traders with cash, on a symbol of their own
    users = traders(USERS, cash="300.00")
    symbol = f"S{next(_symbols)}-USD"
    trading.record_price(symbol, D("100"), CTX)
    trader = Trader({"trading": trading, "nfts": nfts, "subscriptions": subscriptions}, users, symbol)
    # When the history runs, and the policies and the ledger follow the log
    for command in history:
        trader.run(command)
    for projection in (LiquidationPolicy(), LiquidationPolicy(), RevenuePolicy(), LedgerProjection()):
        catch_up(store, read_models, projection)
    # Then the ledger balances event by event, and agrees with every aggregate
    tables = read_models.tables_for(LedgerProjection)
    with read_models.connect() as conn:
        assert LedgerView().check(conn, tables) == (0, D(0))
        accounts = LedgerView().balances(conn, tables)
    for user in users:
        held = wallet(store, user)
        assert accounts.get(f"user:{user}:cash", D(0)) == held.cash >= 0
        assert accounts.get(f"user:{user}:margin", D(0)) == held.reserved >= 0
    assert accounts.get("platform:fees", D(0)) == fees_charged(store)
    recorded = sum((e.event.amount for e in logged(store, topics=("financial.PlatformRevenue.Recorded",))), D(0))  # type: ignore[attr-defined]
    assert recorded == fees_charged(store)
    for user in users:
        if revenue_book_id(user) in store.repository:
            assert store.repository.get(revenue_book_id(user)).total >= 0
    covered = store.repository.get(INSURANCE_FUND_ID).covered if INSURANCE_FUND_ID in store.repository else D(0)
    assert accounts.get("insurance_fund", D(0)) == -covered
