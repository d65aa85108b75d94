"""Random command sequences on a Wallet, its Positions and a MarketPrice, in memory.

After every step: no negative cash or reserve, the reserve is exactly the open
positions' margins, no cent is created or lost (cash + reserved = deposits −
withdrawals − fees + realized gross P&L), and every aggregate rebuilt from its
events, straight or through the store's mapper and JSON, equals the live one.

Money from nothing (issue 12): opens below the minimum notional are refused,
every open position holds a positive margin and paid a positive fee, and after
any sequence of opens, closes and liquidations the trader has withdrawn no more
than deposits + realized net P&L.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)

from aggregates.base import AstraAggregate
from aggregates.errors import BelowMinNotional, InsufficientFunds, PositionAlreadyClosed
from aggregates.money import (
    MAX_CASH_AMOUNT,
    MIN_NOTIONAL,
    Side,
    is_at_or_beyond_liquidation,
    margin,
    notional,
    to_cash,
    trading_fee,
)
from aggregates.trading.market_price import MarketPrice
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet
from event_store.mapper import MetadataMapper

OWNER = UUID("00000000-0000-4000-8000-000000000001")
EIGHT_PLACES = Decimal("1e-8")


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False, allow_infinity=False
    )


def json_mapper() -> MetadataMapper:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return MetadataMapper(transcoder=transcoder)


def replay(events: list[Any]) -> AstraAggregate:
    aggregate: AstraAggregate | None = None
    for event in events:
        aggregate = event.mutate(aggregate)
    assert aggregate is not None
    return aggregate


class WalletAndPositions(RuleBasedStateMachine):
    """One trader, one symbol; the model counts money flows, not balances."""

    open_positions = Bundle("open_positions")
    closed_positions = Bundle("closed_positions")

    def __init__(self) -> None:
        super().__init__()
        self.mapper = json_mapper()
        self.wallet = Wallet.open_for(OWNER)
        self.market = MarketPrice.list_symbol("BTC-USD", Decimal("100"))
        self.live: dict[UUID, AstraAggregate] = {self.wallet.id: self.wallet, self.market.id: self.market}
        self.events: dict[UUID, list[Any]] = defaultdict(list)
        self.decoded: dict[UUID, list[Any]] = defaultdict(list)
        self.margins: dict[UUID, Decimal] = {}  # open position id -> margin
        self.deposits = self.withdrawals = self.fees = self.realized = self.realized_net = Decimal(0)
        self.collect()

    def collect(self, *aggregates: AstraAggregate) -> None:
        for aggregate in aggregates or tuple(self.live.values()):
            for event in aggregate.collect_events():
                self.events[aggregate.id].append(event)
                self.decoded[aggregate.id].append(self.mapper.to_domain_event(self.mapper.to_stored_event(event)))

    def assert_no_new_events(self) -> None:
        assert all(not aggregate.pending_events for aggregate in self.live.values())

    # --- cash -------------------------------------------------------------------------------

    @rule(amount=decimals("0.01", "1000000.00", 2))
    def deposit(self, amount: Decimal) -> None:
        self.wallet.deposit(amount, "USD")
        self.deposits += amount
        self.collect(self.wallet)

    @rule(amount=decimals("0.01", "1000000.00", 2))
    def withdraw_any_amount(self, amount: Decimal) -> None:
        if amount > self.wallet.cash:
            try:
                self.wallet.withdraw(amount, "USD")
            except InsufficientFunds:
                self.assert_no_new_events()
                return
            raise AssertionError(f"withdrew {amount} from {self.wallet.cash}")
        self.wallet.withdraw(amount, "USD")
        self.withdrawals += amount
        self.collect(self.wallet)

    @precondition(lambda self: self.wallet.cash >= Decimal("0.01"))
    @rule(percent=st.integers(min_value=1, max_value=100))
    def withdraw_part_of_the_cash(self, percent: int) -> None:
        amount = min(max(to_cash(self.wallet.cash * percent / 100), Decimal("0.01")), MAX_CASH_AMOUNT)
        self.wallet.withdraw(amount, "USD")
        self.withdrawals += amount
        self.collect(self.wallet)

    # --- prices -----------------------------------------------------------------------------

    @rule(price=decimals("0.00000001", "200000", 8))
    def tick_anywhere(self, price: Decimal) -> None:
        self.market.tick(price, None)
        self.collect(self.market)

    @rule(move_percent=st.integers(min_value=-60, max_value=60))
    def tick_by_a_move(self, move_percent: int) -> None:
        price = (self.market.price * (100 + move_percent) / 100).quantize(EIGHT_PLACES)
        if price > 0:
            self.market.tick(price, None)
            self.collect(self.market)

    # --- positions --------------------------------------------------------------------------

    @rule(
        target=open_positions,
        side=st.sampled_from(Side),
        quantity=decimals("0.00000001", "50", 8),
        leverage=st.integers(min_value=1, max_value=10),
    )
    def open_position(self, side: Side, quantity: Decimal, leverage: int) -> Any:
        value = notional(quantity, self.market.price)
        if value < MIN_NOTIONAL:
            try:
                Position.open(OWNER, "BTC-USD", side, quantity, leverage, self.market.price)
            except BelowMinNotional:
                return multiple()
            raise AssertionError(f"opened a notional of {value}")
        position = Position.open(OWNER, "BTC-USD", side, quantity, leverage, self.market.price)
        cost = margin(value, leverage) + trading_fee(value)
        if cost > self.wallet.cash:
            try:
                self.wallet.reserve_margin(position.id, position.margin, position.fee)
            except InsufficientFunds:
                self.assert_no_new_events()
                return multiple()
            raise AssertionError(f"opened for {cost} with cash {self.wallet.cash}")
        self.wallet.reserve_margin(position.id, position.margin, position.fee)
        self.live[position.id] = position
        self.margins[position.id] = position.margin
        self.fees += position.fee
        self.collect(self.wallet, position)
        return position

    @rule(target=closed_positions, position=consumes(open_positions))
    def close_position(self, position: Position) -> Any:
        if not position.is_open:  # liquidated meanwhile
            try:
                position.close(self.market.price)
            except PositionAlreadyClosed:
                self.assert_no_new_events()
                return multiple()
            raise AssertionError("a liquidated position closed")
        settlement = position.close(self.market.price)
        self.wallet.release_margin(position.id, position.margin, settlement.gross_pnl, settlement.fee)
        del self.margins[position.id]
        self.fees += settlement.fee
        self.realized += settlement.gross_pnl
        self.realized_net += settlement.net_pnl
        self.collect(self.wallet, position)
        assert settlement.gross_pnl >= -position.margin
        assert settlement.net_pnl == settlement.gross_pnl - position.fee - settlement.fee
        return position

    @rule(position=open_positions, gap_percent=st.integers(min_value=0, max_value=50))
    def gap_through_the_liquidation_price(self, position: Position, gap_percent: int) -> None:
        """A tick at or beyond a position's liquidation price (a gap: the insurance fund's case), then its
        liquidation: random ticks alone rarely reach one."""
        if not position.is_open:
            return
        gap = Decimal(100 - gap_percent if position.side is Side.LONG else 100 + gap_percent) / 100
        rounding = ROUND_FLOOR if position.side is Side.LONG else ROUND_CEILING
        price = (position.liquidation_price * gap).quantize(EIGHT_PLACES, rounding=rounding)
        if price <= 0 or price > Decimal("1000000"):
            return  # a 1x long liquidates only at 0
        self.market.tick(price, None)  # a forced gap
        self.collect(self.market)
        self.liquidate_at_the_liquidation_price_or_a_gap(position)

    @rule(position=open_positions)
    def liquidate_at_the_liquidation_price_or_a_gap(self, position: Position) -> None:
        # Not consumed: a liquidated position stays in the bundle, and closing it later is refused.
        if not position.is_open or not is_at_or_beyond_liquidation(
            position.side, self.market.price, position.liquidation_price
        ):
            return
        settlement = position.liquidate(self.market.price)
        self.wallet.forfeit_margin(position.id, position.margin)
        del self.margins[position.id]
        self.realized += settlement.gross_pnl
        self.realized_net += settlement.net_pnl
        self.collect(self.wallet, position)
        assert settlement.gross_pnl == -position.margin < 0  # a liquidation always costs the trader

    @rule(position=closed_positions)
    def close_again(self, position: Position) -> None:
        try:
            position.close(self.market.price)
        except PositionAlreadyClosed:
            self.assert_no_new_events()
            return
        raise AssertionError("a closed position closed again")

    # --- invariants -------------------------------------------------------------------------

    @invariant()
    def no_negative_balances(self) -> None:
        assert self.wallet.cash >= 0
        assert self.wallet.reserved >= 0

    @invariant()
    def reserve_is_the_open_margins(self) -> None:
        assert self.wallet.reserved == sum(self.margins.values(), Decimal(0))
        assert {pid for pid, p in self.live.items() if isinstance(p, Position) and p.is_open} == set(self.margins)

    @invariant()
    def every_open_position_holds_margin_and_paid_a_fee(self) -> None:
        for position in self.live.values():
            if isinstance(position, Position) and position.is_open:
                assert position.margin > 0 and position.fee > 0

    @invariant()
    def withdrawals_never_exceed_deposits_plus_realized_net_pnl(self) -> None:
        assert self.withdrawals <= self.deposits + self.realized_net

    @invariant()
    def no_cent_is_created_or_lost(self) -> None:
        expected = self.deposits - self.withdrawals - self.fees + self.realized
        assert self.wallet.cash + self.wallet.reserved == expected

    @invariant()
    def balances_are_whole_cents(self) -> None:
        for balance in (self.wallet.cash, self.wallet.reserved):
            assert balance == to_cash(balance) and balance.as_tuple().exponent == -2, balance

    @invariant()
    def replay_rebuilds_the_same_state(self) -> None:
        for aggregate_id, aggregate in self.live.items():
            assert replay(self.events[aggregate_id]) == aggregate
            assert replay(self.decoded[aggregate_id]) == aggregate


WalletAndPositions.TestCase.settings = settings(max_examples=50, stateful_step_count=40, deadline=None)
test_money_is_conserved_and_replayable_when_running_random_command_sequences = WalletAndPositions.TestCase
