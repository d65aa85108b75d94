"""The RiskProfile aggregate: a trader's risk limits (set by admins) and the UTC days the daily loss limit was hit.

api.md "Orders and positions (extended)", risk limits: an entry (open or order) that would take the trader's
open notional above ``max_open_notional`` is refused with 409 ``risk_limit``; once the realized net loss of a
UTC day reaches ``max_daily_loss``, ``RiskLimitHit`` is recorded (once per day) and entries are refused until
the next UTC day. Closing stays allowed. The open notional itself is the wallet's business (what is open is
known where the cash is: ``services/risk.py``); this aggregate only decides.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import DomainError, InvalidAmount
from aggregates.money import CENT, to_cash

_RISK_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/risk-profile")
MAX_LIMIT = Decimal("1000000000000.00")  # 10^12 USD: above any notional the request types allow


def risk_profile_id(user_id: UUID) -> UUID:
    """A user has at most one risk profile, whose id follows from the user's id."""
    return uuid5(_RISK_NS, str(user_id))


def utc_day(at: datetime) -> str:
    """The UTC calendar day of an instant, ``YYYY-MM-DD`` (the daily loss limit's bucket)."""
    return at.astimezone(UTC).date().isoformat()


def add_to_day(net: Decimal, pnl: Decimal) -> Decimal:
    """A day's running realized net P&L after one more close, partial close or liquidation."""
    return to_cash(net + pnl)


def daily_loss_reached(net: Decimal, max_daily_loss: Decimal | None) -> bool:
    """Whether a day's realized net P&L ``net`` reaches the limit: a net loss (−net) of at least it."""
    return max_daily_loss is not None and -net >= max_daily_loss


class RiskLimitExceeded(DomainError):
    """An entry refused by a risk limit: the open notional it would reach, or a day whose loss limit was hit."""

    code = "risk_limit"


class DailyLossNotReached(DomainError):
    """A ``RiskLimitHit`` asked for a loss short of the limit (or with no daily loss limit set)."""

    code = "daily_loss_not_reached"


class RiskLimitAlreadyHit(DomainError):
    """The daily loss limit was already recorded as hit on that UTC day."""

    code = "risk_limit_already_hit"


class RiskProfile(AstraAggregate):
    """One trader's risk limits; ``None`` is no limit."""

    TOPIC = "trading.RiskProfile"

    class Created(CreationEvent):
        """An admin set a limit on a user for the first time."""

        TOPIC = "trading.RiskProfile.Created"
        owner_id: UUID

    class LimitsSet(AstraAggregate.Event):
        """An admin set both limits (USD; ``None`` removes one)."""

        TOPIC = "trading.RiskProfile.LimitsSet"
        max_open_notional: Decimal | None
        max_daily_loss: Decimal | None

    class RiskLimitHit(AstraAggregate.Event):
        """The realized net loss of UTC day ``day`` (``loss``) reached ``max_daily_loss``: entries are refused
        until the next UTC day. Recorded once per day."""

        TOPIC = "trading.RiskProfile.RiskLimitHit"
        day: str
        loss: Decimal
        max_daily_loss: Decimal

    @event(Created)
    def __init__(self, id: UUID, owner_id: UUID) -> None:  # noqa: A002, ARG002
        self.owner_id = owner_id
        self.max_open_notional: Decimal | None = None
        self.max_daily_loss: Decimal | None = None
        self.hit_days: list[str] = []

    @classmethod
    def create(cls, owner_id: UUID) -> RiskProfile:
        return cls(id=risk_profile_id(owner_id), owner_id=owner_id)

    def set_limits(self, max_open_notional: Decimal | None, max_daily_loss: Decimal | None) -> None:
        """Replace both limits: each > 0 with at most 2 decimals, or None (no limit)."""
        for value in (max_open_notional, max_daily_loss):
            if value is not None and not (Decimal(0) < value <= MAX_LIMIT and value == value.quantize(CENT)):
                raise InvalidAmount(f"a limit must be > 0 and <= {MAX_LIMIT} with at most 2 decimals")
        self._limits_set(max_open_notional=max_open_notional, max_daily_loss=max_daily_loss)

    def check_entry(self, open_notional: Decimal, added: Decimal, now: datetime) -> None:
        """Refuse an entry adding ``added`` notional to ``open_notional``, or any entry on a day whose loss
        limit was hit."""
        if utc_day(now) in self.hit_days:
            raise RiskLimitExceeded(
                f"the daily loss limit was reached on {utc_day(now)}: no new entries until the next UTC day"
            )
        if self.max_open_notional is not None and open_notional + added > self.max_open_notional:
            raise RiskLimitExceeded(
                f"open notional {to_cash(open_notional + added)} would exceed the limit {self.max_open_notional}"
            )

    def record_daily_loss(self, day: str, net: Decimal) -> None:
        """Record that day ``day``'s realized net P&L ``net`` reached the daily loss limit (once per day)."""
        if day in self.hit_days:
            raise RiskLimitAlreadyHit(f"the daily loss limit was already hit on {day}")
        if self.max_daily_loss is None or not daily_loss_reached(net, self.max_daily_loss):
            raise DailyLossNotReached(f"a net of {net} on {day} does not reach the daily loss limit")
        self._hit(day=day, loss=-net, max_daily_loss=self.max_daily_loss)

    @event(LimitsSet)
    def _limits_set(self, max_open_notional: Decimal | None, max_daily_loss: Decimal | None) -> None:
        self.max_open_notional = max_open_notional
        self.max_daily_loss = max_daily_loss

    @event(RiskLimitHit)
    def _hit(self, day: str, loss: Decimal, max_daily_loss: Decimal) -> None:  # noqa: ARG002
        # Only the latest days matter to entries; keep a week so the state stays small.
        self.hit_days = [*self.hit_days[-6:], day]
