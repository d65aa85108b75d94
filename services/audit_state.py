"""A user's state as it was at an instant: their streams folded from the event store up to it.

Not from read models: each stream (the user, their wallet, each position the wallet
reserved margin for, their progression) is read from the events table and its
events with ``timestamp <= at`` are applied, in version order, by the aggregates'
own ``@event`` methods; the same code that decided them then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from aggregates.gamification.progression import progression_id
from aggregates.trading.position import Position
from aggregates.trading.wallet import Wallet, wallet_id
from aggregates.user.user import User
from event_store.application import EventStore


@dataclass(frozen=True)
class PositionState:
    """One position as it was: open, or closed with its net P&L."""

    position_id: UUID
    symbol: str
    side: str
    quantity: Decimal
    leverage: int
    entry_price: Decimal
    margin: Decimal
    fee: Decimal
    liquidation_price: Decimal
    is_open: bool
    exit_price: Decimal | None = None
    net_pnl: Decimal | None = None


@dataclass(frozen=True)
class UserStateAt:
    """Wallet, positions, XP and level of one user at ``at`` (``registered`` False: not yet)."""

    user_id: UUID
    at: datetime
    registered: bool
    erased: bool = False
    roles: tuple[str, ...] = ()
    currency: str | None = None
    cash: Decimal | None = None
    reserved_margin: Decimal | None = None
    positions: tuple[PositionState, ...] = ()
    xp: int = 0
    level: int = 1
    streak: int = 0
    achievements: tuple[str, ...] = ()
    events_applied: int = 0
    last_event_at: datetime | None = None
    realized_pnl: Decimal = field(default=Decimal("0.00"))


class StateAtInstant:
    """Folds a user's streams up to an instant."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._applied = 0
        self._last: datetime | None = None

    def user_state(self, user_id: UUID, at: datetime) -> UserStateAt | None:
        """The user's state at ``at``; None when ``user_id`` is no user's (never registered)."""
        if not isinstance(next(iter(self.store.events.get(user_id, limit=1)), None), User.Registered):
            return None
        self._applied, self._last = 0, None
        user = self._fold(user_id, at)
        if not isinstance(user, User):
            return UserStateAt(user_id, at, registered=False)
        reserved: list[UUID] = []
        wallet = self._fold(wallet_id(user_id), at, reserved)
        positions = tuple(_position(p) for p in (self._fold(pid, at) for pid in reserved) if isinstance(p, Position))
        progression = self._fold(progression_id(user_id), at)
        return UserStateAt(
            user_id,
            at,
            registered=True,
            erased=user.erased,
            roles=tuple(user.roles),
            currency=getattr(wallet, "currency", None),
            cash=getattr(wallet, "cash", None),
            reserved_margin=getattr(wallet, "reserved", None),
            positions=positions,
            xp=getattr(progression, "xp", 0),
            level=getattr(progression, "level", 1),
            streak=getattr(progression, "streak", 0),
            achievements=tuple(getattr(progression, "achievements", ())),
            events_applied=self._applied,
            last_event_at=self._last,
            realized_pnl=sum((p.net_pnl for p in positions if p.net_pnl is not None), Decimal("0.00")),
        )

    def _fold(self, aggregate_id: UUID, at: datetime, reserved: list[UUID] | None = None) -> Any:
        """The aggregate after its events up to ``at`` (None if it did not exist yet)."""
        aggregate = None
        events: list[Any] = list(self.store.events.get(aggregate_id))  # stored events: timestamp and mutate
        for event in events:
            if event.timestamp > at:
                break
            aggregate = event.mutate(aggregate)
            self._applied += 1
            self._last = event.timestamp if self._last is None else max(self._last, event.timestamp)
            # Margin added and orders adding to a position reserve for it again: list each position once.
            if reserved is not None and isinstance(event, Wallet.MarginReserved) and event.position_id not in reserved:
                reserved.append(event.position_id)
        return aggregate


def _position(position: Position) -> PositionState:
    return PositionState(
        position.id,
        position.symbol,
        position.side.value,
        position.quantity,
        position.leverage,
        position.entry_price,
        position.margin,
        position.fee,
        position.liquidation_price,
        position.is_open,
        getattr(position, "exit_price", None),
        getattr(position, "net_pnl", None),
    )
