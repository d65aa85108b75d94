"""Trading commands: deposits, withdrawals, price ticks, opening and closing positions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from aggregates import clock
from aggregates.errors import DomainError, InvalidPrice, NotFound, PriceUnavailable
from aggregates.financial.settlement import Settlement, withdrawal_id
from aggregates.market.rules import InstrumentSettings, check_entry, check_tick
from aggregates.money import Side, notional, to_cash
from aggregates.trading import booking
from aggregates.trading.market_price import MarketPrice, market_price_id
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.metadata import CommandContext
from services import risk
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.errors import SettlementUnavailable
from services.instruments import InstrumentRules
from services.loading import get_as

# Ticks per record_prices transaction: a bounded write and a bounded refusal message.
MAX_TICKS_PER_BATCH = 1000


class TradingService:
    """Commands on wallets, prices and positions.

    ``onchain_settlement``: whether withdrawals to a Starknet address can be paid (the vault is
    configured, ``starknet_status``); off by default, so nothing is debited into a void."""

    def __init__(
        self, runner: CommandRunner, instruments: InstrumentRules | None = None, onchain_settlement: bool = False
    ) -> None:
        self.runner = runner
        self.repository = runner.store.repository
        # Rules read each symbol's Instrument from this store (defaults for unconfigured symbols).
        self.instruments = replace(instruments or InstrumentRules(), repository=self.repository)
        self.onchain_settlement = onchain_settlement

    def deposit(
        self, user_id: UUID, amount: Decimal, currency: str, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Credit cash to the user's wallet."""

        def decide() -> Decision:
            return _deposited(self._wallet(user_id), amount, currency)

        return self.runner.run(decide, ctx, idem)

    async def deposit_async(
        self, user_id: UUID, amount: Decimal, currency: str, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """``deposit`` on the event loop (``CommandRunner.run_async``): no thread hop."""

        async def decide() -> Decision:
            return _deposited(await self._wallet_async(user_id), amount, currency)

        return await self.runner.run_async(decide, ctx, idem)

    def withdraw(
        self,
        user_id: UUID,
        amount: Decimal,
        currency: str,
        starknet_address: str | None,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """Debit cash not reserved as margin: paid out at once, or, to a Starknet address, requested for
        on-chain settlement (SettlementUnavailable while settlement is not configured)."""

        def decide() -> Decision:
            self._check_settlement(starknet_address)
            return _withdrawn(self._wallet(user_id), amount, currency, starknet_address)

        return self.runner.run(decide, ctx, idem)

    async def withdraw_async(
        self,
        user_id: UUID,
        amount: Decimal,
        currency: str,
        starknet_address: str | None,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """``withdraw`` on the event loop (``CommandRunner.run_async``): no thread hop."""

        async def decide() -> Decision:
            self._check_settlement(starknet_address)
            return _withdrawn(await self._wallet_async(user_id), amount, currency, starknet_address)

        return await self.runner.run_async(decide, ctx, idem)

    def _check_settlement(self, starknet_address: str | None) -> None:
        if starknet_address is not None and not self.onchain_settlement:
            raise SettlementUnavailable("withdrawals to Starknet are unavailable: settlement is not configured")

    def record_price(
        self,
        symbol: str,
        price: Decimal,
        ctx: CommandContext,
        idem: Idempotency | None = None,
        force: bool = False,
        volume: Decimal | None = None,
    ) -> CommandResult:
        """Record a price tick (on the symbol's tick size, with the quantity traded at the source if known),
        listing the symbol on its first tick; a tick beyond the symbol's price band is refused unless
        ``force`` (which the API grants admins only)."""

        def decide() -> Decision:
            # One Instrument lookup: its settings carry the tick size and the band.
            market = _ticked(self._market(symbol), symbol, self.instruments.settings(symbol), price, volume, force)
            body = {"symbol": symbol, "price": str(price)} | ({} if volume is None else {"volume": str(volume)})
            return Decision([market], body, status=201)

        return self.runner.run(decide, ctx, idem)

    def record_prices(
        self, symbol: str, ticks: Sequence[Tick], ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Record several ticks of one symbol in one transaction, in order, each under the rules
        ``record_price`` applies (tick size, then the band from the tick before it; never forced).
        All or nothing: the first refused tick refuses the batch, its index in the message."""
        if not 1 <= len(ticks) <= MAX_TICKS_PER_BATCH:
            raise InvalidPrice(f"a batch holds 1 to {MAX_TICKS_PER_BATCH} ticks, got {len(ticks)}")

        def decide() -> Decision:
            settings, market = self.instruments.settings(symbol), self._market(symbol)
            for i, tick in enumerate(ticks):
                try:
                    market = _ticked(market, symbol, settings, tick.price, tick.volume, force=False)
                except DomainError as error:
                    raise type(error)(f"ticks[{i}]: {error.detail}") from error
            assert market is not None  # at least one tick
            return Decision([market], {"symbol": symbol, "ticks": len(ticks), "price": str(market.price)}, status=201)

        return self.runner.run(decide, ctx, idem)

    def open_position(
        self,
        user_id: UUID,
        symbol: str,
        side: Side,
        quantity: Decimal,
        leverage: int,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """Open at the latest price: wallet and position change in one transaction."""

        def decide() -> Decision:
            market = self._market(symbol)
            if market is None:
                raise PriceUnavailable(f"no price recorded yet for {symbol}")
            rules = self.instruments.settings(symbol)
            # Halted or stale markets refuse entries only: closes never consult the instrument.
            check_entry(rules, quantity, leverage, market.modified_on, clock.now())
            wallet = self._wallet(user_id)
            # Before the booking: the risk check loads the positions the wallet lists; the new one is not stored yet.
            risk.check_entry(self.runner.store, wallet, notional(quantity, market.price))
            position = booking.open_position(
                wallet,
                symbol,
                side,
                quantity,
                leverage,
                market.price,
                min_notional=self.instruments.min_notional(symbol),
            )
            return Decision([wallet, position], _opened(position), status=201)

        return self.runner.run(decide, ctx, idem)

    def close_position(
        self,
        user_id: UUID,
        position_id: UUID,
        ctx: CommandContext,
        idem: Idempotency | None = None,
        quantity: Decimal | None = None,
    ) -> CommandResult:
        """Close the user's own position at the latest price, wholly or (``quantity``) partly."""

        def decide() -> Decision:
            position = self._owned_position(user_id, position_id)
            market = self._market(position.symbol)
            assert market is not None  # a position exists only for a priced symbol
            wallet = self._wallet(user_id)
            settlement, released = booking.close_position(
                wallet, position, market.price, quantity, min_notional=self.instruments.min_notional(position.symbol)
            )
            body = {
                "position_id": str(position.id),
                "exit_price": str(market.price),
                "realized_pnl": str(settlement.gross_pnl),
                "fee": str(settlement.fee),
                "net_pnl": str(settlement.net_pnl),
                "margin_released": str(released),
                "remaining_quantity": str(position.quantity if position.is_open else Decimal(0)),
            }
            return Decision([position, wallet], body)

        return self.runner.run(decide, ctx, idem)

    def add_margin(
        self, user_id: UUID, position_id: UUID, amount: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Move cash into the user's own open position's margin: its liquidation price moves away."""

        def decide() -> Decision:
            position = self._owned_position(user_id, position_id)
            position.add_margin(amount)
            wallet = self._wallet(user_id)
            wallet.add_margin(position.id, amount)
            body = {
                "position_id": str(position.id),
                "margin": str(position.margin),
                "liquidation_price": _price(position.liquidation_price),
            }
            return Decision([position, wallet], body)

        return self.runner.run(decide, ctx, idem)

    def set_exits(
        self, user_id: UUID, position_id: UUID, exits: Exits, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Replace the exits of the user's own open position (the trigger policy fires them)."""

        def decide() -> Decision:
            position = self._owned_position(user_id, position_id)
            market = self._market(position.symbol)
            assert market is not None  # a position exists only for a priced symbol
            merged = exits.over(position)
            position.set_exits(
                merged.stop_loss,
                merged.take_profit,
                merged.trailing_stop_pct,
                market.price,
                keep_trailing="trailing_stop_pct" not in exits.given,
            )
            body = {
                "position_id": str(position.id),
                **merged.as_strings(),
                "liquidation_price": _price(position.liquidation_price),
            }
            return Decision([position], body)

        return self.runner.run(decide, ctx, idem)

    def _wallet(self, user_id: UUID) -> Wallet:
        try:
            wallet: Wallet = self.repository.get(wallet_id(user_id))
        except AggregateNotFoundError:
            raise NotFound(f"no wallet for user {user_id}") from None
        return wallet

    async def _wallet_async(self, user_id: UUID) -> Wallet:
        try:
            wallet: Wallet = await self.runner.aio.get(wallet_id(user_id))
        except AggregateNotFoundError:
            raise NotFound(f"no wallet for user {user_id}") from None
        return wallet

    def _market(self, symbol: str) -> MarketPrice | None:
        return market_of(self.repository, symbol)

    def _owned_position(self, user_id: UUID, position_id: UUID) -> Position:
        position = get_as(self.repository, position_id, Position, "position")
        if position.owner_id != user_id:
            # 404, not 403: whether another trader's position exists is private.
            raise NotFound(f"position {position_id} not found")
        return position


@dataclass(frozen=True)
class Tick:
    """One tick of a batch: its price and the quantity traded at the source, if known."""

    price: Decimal
    volume: Decimal | None = None


def _ticked(
    market: MarketPrice | None,
    symbol: str,
    settings: InstrumentSettings,
    price: Decimal,
    volume: Decimal | None,
    force: bool,
) -> MarketPrice:
    """``market`` after one tick under ``settings`` (its tick size, then its band unless ``force``);
    a new price stream when the symbol has none yet."""
    check_tick(settings, price)
    if market is None:
        return MarketPrice.list_symbol(symbol, price, volume)
    market.tick(price, None if force else settings.max_move_pct, volume)
    return market


def market_of(repository: Repository[UUID], symbol: str) -> MarketPrice | None:
    """The symbol's price stream, None before its first tick."""
    try:
        market: MarketPrice = repository.get(market_price_id(symbol))
    except AggregateNotFoundError:
        return None
    return market


@dataclass(frozen=True)
class Exits:
    """A position's exits as a command gives them: None removes one; a name not in ``given`` keeps the
    position's current one (absent from the request body)."""

    stop_loss: Decimal | None = None
    take_profit: Decimal | None = None
    trailing_stop_pct: Decimal | None = None
    given: frozenset[str] = frozenset({"stop_loss", "take_profit", "trailing_stop_pct"})

    def over(self, position: Position) -> Exits:
        """These exits, the position's current ones where not given."""

        def pick(name: str) -> Decimal | None:
            value: Decimal | None = getattr(self if name in self.given else position, name)
            return value

        return Exits(pick("stop_loss"), pick("take_profit"), pick("trailing_stop_pct"))

    def as_strings(self) -> dict[str, str | None]:
        return {
            name: None if value is None else str(value)
            for name, value in (
                ("stop_loss", self.stop_loss),
                ("take_profit", self.take_profit),
                ("trailing_stop_pct", self.trailing_stop_pct),
            )
        }


def _price(value: Decimal) -> str:
    """A computed price (exact, maybe long) as shown: 8 decimals, half-even."""
    return str(value.quantize(Decimal("0.00000001"), rounding=ROUND_HALF_EVEN))


def _settlement_request(wallet: Wallet, amount: Decimal, currency: str, address: str | None) -> list[Settlement]:
    """A withdrawal to a Starknet address records its settlement request in the same transaction
    (saved before the wallet, so the command's position stays the Withdrawn event's)."""
    if address is None:
        return []
    return [Settlement.request(wallet.owner_id, wallet.id, wallet.version, to_cash(amount), currency, address)]


def _deposited(wallet: Wallet, amount: Decimal, currency: str) -> Decision:
    wallet.deposit(amount, currency)
    return Decision([wallet], _balance(wallet))


def _withdrawn(wallet: Wallet, amount: Decimal, currency: str, starknet_address: str | None) -> Decision:
    wallet.withdraw(amount, currency, starknet_address)
    settlement = _settlement_request(wallet, amount, currency, starknet_address)
    body = {
        **_balance(wallet),
        "withdrawal_id": str(withdrawal_id(wallet.id, wallet.version)),
        "status": "requested" if settlement else "settled",
    }
    return Decision([*settlement, wallet], body)


def _balance(wallet: Wallet) -> dict[str, str]:
    return {"currency": wallet.currency, "cash": str(wallet.cash), "reserved_margin": str(wallet.reserved)}


def _opened(position: Position) -> dict[str, str | int]:
    return {
        "position_id": str(position.id),
        "symbol": position.symbol,
        "side": position.side.value,
        "quantity": str(position.quantity),
        "leverage": position.leverage,
        "entry_price": str(position.entry_price),
        "fee": str(position.fee),
        "margin": str(position.margin),
    }
