"""A bot's trades on one closed candle: the same commands a human would send, with ``actor: bot:<id>``.

``BotTrader.act`` turns the strategy's exposure (1 long, -1 short, 0 flat, None keep) into at most a close and
an open through ``TradingService`` (the human's service: fees, margin, leverage, instrument rules), then records
``Bot.Decided``. Each step has an idempotency key of its own, ``bot:<id>:<candle>:<step>``, in the bot's key
namespace, so a decision replayed after a crash answers the steps already done instead of doing them twice, and
``Decided`` (the last step) makes the candle count as decided: a restart never repeats it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from aggregates.errors import DomainError
from aggregates.money import Side
from aggregates.strategies.bot import Bot
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.metadata import CommandContext
from services.commands import CommandRunner, Decision, Idempotency
from services.loading import get_as
from services.trading import TradingService, market_of

BOT_ACTOR_PREFIX = "bot:"
# (equity, fraction, leverage, price, quantity step) -> quantity
Sizing = Callable[[Decimal, Decimal, int, Decimal, Decimal], Decimal]


def bot_actor(bot_id: UUID) -> str:
    return f"{BOT_ACTOR_PREFIX}{bot_id}"


@dataclass(frozen=True)
class Step:
    """What one decision did: the position held afterwards, and the rule that refused an order, if any."""

    position_id: UUID | None
    refused: str | None = None


class BotTrader:
    """Trades for bots and records their decisions."""

    def __init__(self, runner: CommandRunner, sizing: Sizing) -> None:
        # ``sizing(equity, fraction, leverage, price, step)``: strategies.sizing.quantity_for_fraction, passed in
        # so the services never import the engine package.
        self.runner, self.sizing = runner, sizing
        self.trading = TradingService(runner)
        self.repository = runner.store.repository

    def bot(self, bot_id: UUID) -> Bot:
        return get_as(self.repository, bot_id, Bot, "bot")

    def act(self, bot_id: UUID, candle_at: datetime, exposure: int | None, correlation: str) -> None:
        """Trade towards ``exposure`` and record the decision (CandleAlreadyDecided / BotNotRunning refuse it)."""
        bot = self.bot(bot_id)
        ctx = CommandContext(actor=bot_actor(bot_id), correlation_id=correlation)
        key = f"{bot_actor(bot_id)}:{candle_at.isoformat()}"
        step = self._trade(bot, exposure, ctx, key) if bot.running else Step(bot.position_id)

        def decide() -> Decision:
            current = self.bot(bot_id)
            current.decide(candle_at, exposure, step.position_id, step.refused)
            return Decision([current], {"bot_id": str(bot_id), "candle_at": candle_at.isoformat()})

        self.runner.run(decide, ctx, Idempotency(f"{key}:decided", {"exposure": exposure}))

    def _trade(self, bot: Bot, exposure: int | None, ctx: CommandContext, key: str) -> Step:
        held = self._open_position(bot)
        if exposure is None:
            return Step(held.id if held else None)
        wanted = None if exposure == 0 else (Side.LONG if exposure > 0 else Side.SHORT)
        if held is not None and held.side is wanted:
            return Step(held.id)
        try:
            if held is not None:
                self.trading.close_position(bot.owner_id, held.id, ctx, Idempotency(f"{key}:close", {}))
            if wanted is None:
                return Step(None)
            quantity = self._quantity(bot)
            opened = self.trading.open_position(
                bot.owner_id,
                bot.symbol,
                wanted,
                quantity,
                bot.leverage,
                ctx,
                Idempotency(f"{key}:open", {"side": wanted.value, "quantity": str(quantity)}),
            )
        except DomainError as refused:
            return Step(self._still_open(held), refused.code)
        return Step(UUID(opened.body["position_id"]))

    def _quantity(self, bot: Bot) -> Decimal:
        if bot.quantity is not None:
            return bot.quantity
        assert bot.equity_fraction is not None
        market = market_of(self.repository, bot.symbol)  # the price the open itself will use
        if market is None:
            return Decimal(0)  # refused by the open as price_unavailable
        wallet: Wallet = self.repository.get(wallet_id(bot.owner_id))
        step = self.trading.instruments.settings(bot.symbol).quantity_step
        return self.sizing(wallet.cash, bot.equity_fraction, bot.leverage, market.price, step)

    def _open_position(self, bot: Bot) -> Position | None:
        """The bot's position if it is still open (its owner, an exit or a liquidation may have closed it)."""
        if bot.position_id is None:
            return None
        try:
            position: Position = self.repository.get(bot.position_id)
        except AggregateNotFoundError:
            return None
        return position if position.is_open else None

    def _still_open(self, held: Position | None) -> UUID | None:
        if held is None:
            return None
        fresh: Position = self.repository.get(held.id)
        return fresh.id if fresh.is_open else None
