"""The account statement after random histories (hypothesis, real PostgreSQL): its movements add up to
the change of free cash over any range, and every balance is the wallet's cash at that event."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregates.trading.wallet import Wallet, wallet_id
from projections.policies.liquidation import LiquidationPolicy
from projections.statement.projection import StatementProjection
from projections.statement.view import StatementView
from tests.financial.support import CTX, catch_up, logged, wallet
from tests.financial.test_money_histories import USERS, Trader, commands

_symbols = itertools.count()
EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC))
WALLET_TOPICS = (
    Wallet.Opened.TOPIC,
    Wallet.Deposited.TOPIC,
    Wallet.Withdrawn.TOPIC,
    Wallet.MarginReserved.TOPIC,
    Wallet.MarginReleased.TOPIC,
    Wallet.MarginForfeited.TOPIC,
    Wallet.SubscriptionPaid.TOPIC,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(commands, min_size=5, max_size=30), cut=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_a_statements_movements_sum_to_the_change_of_cash_over_any_range(
    history, cut, store, read_models, trading, nfts, subscriptions, traders, clock
):
    # Given three traders' random histories (trades, liquidations, NFT sales, subscriptions), a second apart
    users = traders(USERS, cash="300.00")
    symbol = f"T{next(_symbols)}-USD"
    trading.record_price(symbol, D("100"), CTX)
    trader = Trader({"trading": trading, "nfts": nfts, "subscriptions": subscriptions}, users, symbol)
    for command in history:
        clock.advance(seconds=1)
        trader.run(command)
    # When the statement follows the log
    catch_up(store, read_models, LiquidationPolicy())
    catch_up(store, read_models, LiquidationPolicy())
    catch_up(store, read_models, StatementProjection())
    tables = read_models.tables_for(StatementProjection)
    for user in users:
        with read_models.connect() as conn:
            lines = StatementView().page(conn, tables, user, start=EVER[0], end=EVER[1], after=(0, 0), limit=10_000)
        # Then the balances run: each is the one before plus the movement, from zero
        balance = D("0.00")
        for line in lines:
            balance += line.amount
            assert line.balance == balance and line.amount != 0
        assert balance == wallet(store, user).cash
        # And after every wallet event the statement's balance is that version of the wallet's cash
        # (an NFT sale's line is on the NFT's event, its wallet events beside it: checked at the next one)
        for e in logged(store, topics=WALLET_TOPICS):
            if e.originator_id == wallet_id(user):
                shown = [line.balance for line in lines if line.log_position <= e.position]
                held = store.repository.get(wallet_id(user), version=e.originator_version).cash
                assert (shown[-1] if shown else D("0.00")) == held, (e.position, e.topic)
        # And over a range [from, to) the movements sum to the change of cash between its ends
        if lines:
            times = sorted({line.occurred_at for line in lines})
            start, end = sorted(times[int(c * (len(times) - 1))] for c in cut)
            with read_models.connect() as conn:
                window = StatementView().page(conn, tables, user, start=start, end=end, after=(0, 0), limit=10_000)
            before = [line.balance for line in lines if line.occurred_at < start]
            within_end = [line.balance for line in lines if line.occurred_at < end]
            opening = before[-1] if before else D("0.00")
            closing = within_end[-1] if within_end else D("0.00")
            assert sum((line.amount for line in window), D(0)) == closing - opening
