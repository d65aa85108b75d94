"""Risk limits: setting them (admins), checking an entry against them, recording a daily loss limit hit.

Why the open-notional check cannot be raced (docs/adr/0012-risk-limits-in-the-wallets-boundary.md): every
entry (an open, an order placed, a slice filled) writes the trader's Wallet in its transaction, and the
Wallet's state says what is open (positions with margin, orders holding cash). The check reads the wallet
first, then the positions and orders it names: two concurrent entries both write the wallet at the same
version, so optimistic concurrency commits one and the other retries, re-reading an exposure that now
includes the first. No lock, no read model (which would lag).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from aggregates import clock, money
from aggregates.trading.order import Order
from aggregates.trading.position import Position
from aggregates.trading.risk import RiskProfile, risk_profile_id
from aggregates.trading.wallet import Wallet
from aggregates.user.user import User
from event_store.application import EventStore
from event_store.metadata import CommandContext
from event_store.repository import replay
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as


def profile_of(store: EventStore, user_id: UUID) -> RiskProfile | None:
    """The user's risk profile, None when no admin ever set a limit on them."""
    try:
        profile: RiskProfile = store.repository.get(risk_profile_id(user_id))
    except AggregateNotFoundError:
        return None
    return profile


def open_notional(store: EventStore, wallet: Wallet) -> Decimal:
    """Σ quantity × entry price of the wallet's open positions + what its open orders still hold notional of."""
    if wallet.open_margins is None or wallet.order_holds is None:
        # State from a snapshot older than these books: rebuild the wallet from its events, and snapshot it.
        wallet = replay(None, store.events.get(wallet.id))
        _resnapshot(store, wallet)
    assert wallet.open_margins is not None and wallet.order_holds is not None
    total = Decimal(0)
    for position_id in wallet.open_margins:
        position = get_as(store.repository, UUID(position_id), Position, "position")
        total += money.notional(position.quantity, position.entry_price)
    for order_id in wallet.order_holds:
        total += get_as(store.repository, UUID(order_id), Order, "order").open_notional
    return total


def _resnapshot(store: EventStore, wallet: Wallet) -> None:
    """Best effort: a snapshot carrying the books, so later loads need no replay (snapshots load from the latest
    one, so without it the books would stay unknown). A cache: losing a race to another snapshot is fine."""
    if store.snapshots is None:
        return
    snapshot_class = getattr(type(wallet), "Snapshot", type(store).snapshot_class)
    assert snapshot_class is not None
    with suppress(IntegrityError):
        store.snapshots.put([snapshot_class.take(wallet)])


def check_entry(store: EventStore, wallet: Wallet, added: Decimal) -> None:
    """Refuse (409 ``risk_limit``) an entry of ``added`` notional for the wallet's owner, if a limit says so.

    Call it with the wallet the command saves, loaded before anything else it reads (module docstring)."""
    profile = profile_of(store, wallet.owner_id)
    if profile is None:
        return
    exposure = open_notional(store, wallet) if profile.max_open_notional is not None else Decimal(0)
    profile.check_entry(exposure, added, clock.now())


@dataclass(frozen=True)
class LimitChange:
    """Limits as an admin gives them: None removes one; a name not in ``given`` keeps the current one."""

    max_open_notional: Decimal | None = None
    max_daily_loss: Decimal | None = None
    given: frozenset[str] = frozenset({"max_open_notional", "max_daily_loss"})

    def over(self, profile: RiskProfile) -> tuple[Decimal | None, Decimal | None]:
        def pick(name: str) -> Decimal | None:
            value: Decimal | None = getattr(self if name in self.given else profile, name)
            return value

        return pick("max_open_notional"), pick("max_daily_loss")


class RiskService:
    """Commands on risk profiles."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner

    def set_limits(
        self, user_id: UUID, change: LimitChange, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Set a user's limits (admins): a limit not ``given`` keeps its value, None removes one."""

        def decide() -> Decision:
            get_as(self.runner.store.repository, user_id, User, "user")
            profile = profile_of(self.runner.store, user_id) or RiskProfile.create(user_id)
            profile.set_limits(*change.over(profile))
            return Decision([profile], _limits(profile))

        return self.runner.run(decide, ctx, idem)

    def record_daily_loss(
        self, user_id: UUID, day: str, net: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Record ``RiskLimitHit`` for ``day`` if its realized net ``net`` reaches the user's daily loss limit
        (the risk policy's command); DailyLossNotReached / RiskLimitAlreadyHit otherwise."""

        def decide() -> Decision:
            profile = get_as(self.runner.store.repository, risk_profile_id(user_id), RiskProfile, "risk profile")
            profile.record_daily_loss(day, net)
            return Decision([profile], {"user_id": str(user_id), "day": day, "loss": str(-net)})

        return self.runner.run(decide, ctx, idem)


def _limits(profile: RiskProfile) -> dict[str, str | None]:
    return {
        "user_id": str(profile.owner_id),
        "max_open_notional": None if profile.max_open_notional is None else str(profile.max_open_notional),
        "max_daily_loss": None if profile.max_daily_loss is None else str(profile.max_daily_loss),
    }
