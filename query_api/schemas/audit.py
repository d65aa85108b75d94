"""GET /v1/audit/*: parameters and response models (docs/audit.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from projections.audit.replay import PositionState, UserStateAt
from projections.audit.verify import Verdict
from query_api.schemas.common import DecimalString

MAX_POSITION = 2**63 - 1
Position = Annotated[int, Field(ge=0, le=MAX_POSITION)]


class EventsParams(BaseModel):
    """Filters of GET /v1/audit/events; ``from`` is inclusive, ``to`` exclusive."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    user_id: UUID | None = Field(None, description="events the user did (actor) or that concern them")
    aggregate_id: UUID | None = None
    start: AwareDatetime | None = Field(None, alias="from", description="timestamp, inclusive (ISO 8601 with offset)")
    end: AwareDatetime | None = Field(None, alias="to", description="timestamp, exclusive (ISO 8601 with offset)")
    after_position: Position = Field(0, description="only events after this position: the previous page's cursor")
    limit: int = Field(100, ge=1, le=1000, description="page size (JSON only; NDJSON streams the whole range)")
    min_position: Position | None = Field(None, description="wait (bounded) until the trail has this position")


class UserLookupParams(BaseModel):
    """GET /v1/audit/users: a username as registration accepts it (3–32 of ``A–Z a–z 0–9 _ . -``)."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(
        min_length=3,
        max_length=32,
        pattern=r"^[A-Za-z0-9_.-]+$",
        examples=["alice"],
        description="case-insensitive, as usernames are claimed",
    )
    min_position: Position | None = Field(None, description="wait (bounded) until the profiles have this position")


class UserLookupReply(BaseModel):
    """The user registered under that name (never an erased one)."""

    user_id: UUID
    as_of_position: int


class AuditEventOut(BaseModel):
    """One event of the log as the audit trail holds it; ``stored_state`` is what ``hash`` covers."""

    position: int
    timestamp: str = Field(examples=["2026-01-05T12:00:00+00:00"])
    aggregate_id: UUID
    version: int
    type: str = Field(examples=["trading.Wallet.Deposited"])
    schema_version: int
    data: dict[str, Any] = Field(description="the event's fields; personal data appears sealed (pii:v1:…)")
    metadata: dict[str, Any] = Field(description="actor, correlation_id, causation_id, idempotency_key")
    hash: str = Field(description="hex SHA-256(prev_hash ‖ canonical bytes), docs/audit.md")
    prev_hash: str
    stored_state: str = Field(description="base64 of the stored event's state bytes")


class AuditPage(BaseModel):
    """One page of the trail in log order; pass ``next_after_position`` as ``after_position``."""

    events: list[AuditEventOut]
    next_after_position: int | None = Field(description="null on the last page")
    as_of_position: int = Field(description="the audit projection's position when the page was read")


class VerifyReply(BaseModel):
    """The walk of the chain: ``ok``, or the first position where it breaks and why."""

    ok: bool
    checked: int = Field(description="rows found sound")
    head_hash: str | None = Field(description="hex hash of the last sound row")
    last_position: int | None = Field(description="position of the last sound row")
    broken_at: int | None = None
    reason: str | None = None
    as_of_position: int

    @classmethod
    def of(cls, verdict: Verdict, as_of: int) -> VerifyReply:
        head = verdict.head_hash.hex() if verdict.head_hash else None
        return cls(
            ok=verdict.ok,
            checked=verdict.checked,
            head_hash=head,
            last_position=verdict.last_position,
            broken_at=verdict.broken_at,
            reason=verdict.reason,
            as_of_position=as_of,
        )


class PositionAt(BaseModel):
    """A position as it was at the instant."""

    position_id: UUID
    symbol: str
    side: str
    quantity: DecimalString
    leverage: int
    entry_price: DecimalString
    margin: DecimalString
    fee: DecimalString
    liquidation_price: DecimalString
    status: str = Field(examples=["open"])
    exit_price: DecimalString | None = None
    net_pnl: DecimalString | None = None

    @classmethod
    def of(cls, p: PositionState) -> PositionAt:
        return cls(
            position_id=p.position_id,
            symbol=p.symbol,
            side=p.side,
            quantity=p.quantity,
            leverage=p.leverage,
            entry_price=p.entry_price,
            margin=p.margin,
            fee=p.fee,
            liquidation_price=p.liquidation_price,
            status="open" if p.is_open else "closed",
            exit_price=p.exit_price,
            net_pnl=p.net_pnl,
        )


class Wallet(BaseModel):
    currency: str
    cash: DecimalString
    reserved_margin: DecimalString


class UserStateReply(BaseModel):
    """The user's state at ``at``, rebuilt from the event store (``registered`` false: not yet)."""

    user_id: UUID
    at: datetime
    registered: bool
    personal_data_erased: bool
    roles: list[str]
    wallet: Wallet | None
    positions: list[PositionAt]
    realized_pnl: DecimalString = Field(description="net P&L of the positions closed by then")
    xp: int
    level: int
    streak: int
    achievements: list[str]
    events_applied: int
    last_event_at: datetime | None

    @classmethod
    def of(cls, s: UserStateAt) -> UserStateReply:
        wallet = (
            Wallet(currency=s.currency, cash=s.cash, reserved_margin=s.reserved_margin)
            if s.currency is not None and s.cash is not None and s.reserved_margin is not None
            else None
        )
        return cls(
            user_id=s.user_id,
            at=s.at,
            registered=s.registered,
            personal_data_erased=s.erased,
            roles=list(s.roles),
            wallet=wallet,
            positions=[PositionAt.of(p) for p in s.positions],
            realized_pnl=s.realized_pnl,
            xp=s.xp,
            level=s.level,
            streak=s.streak,
            achievements=list(s.achievements),
            events_applied=s.events_applied,
            last_event_at=s.last_event_at,
        )


class AnchorsReply(BaseModel):
    """Anchored digests, newest first, with the columns the anchoring job records (docs/audit.md)."""

    anchors: list[dict[str, Any]] = Field(
        examples=[
            [
                {
                    "first_position": 1048576,
                    "last_position": 9437184,
                    "head_hash": "0x…",
                    "digest": "0x…",
                    "tx_hash": "0x…",
                    "status": "accepted_on_l2",
                }
            ]
        ]
    )
