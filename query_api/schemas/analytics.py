"""GET /v1/analytics/*: the query parameters (with their range rules) and the replies.

Every reply row serialises the same way to JSON and to CSV (``model_dump(mode="json")``),
so the two formats cannot drift apart.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Context, Decimal
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, model_validator

from projections.analytics.buckets import Interval
from projections.analytics.view import VolumeKey
from query_api.schemas import cursor

MAX_SPAN: dict[Interval, timedelta] = {"hour": timedelta(days=31), "day": timedelta(days=366)}
MAX_PAGE = 1000
Window = Literal["day", "week", "all"]
WINDOW_LENGTH: dict[str, timedelta] = {"day": timedelta(days=1), "week": timedelta(days=7)}
_CENT, _WIDE = Decimal("0.01"), Context(prec=80)


def amount_text(value: Decimal) -> str:
    """A decimal string with at least two decimals and no other trailing zeros: ``420.00``, ``-19.319``."""
    trimmed = value.normalize(_WIDE)
    exponent = trimmed.as_tuple().exponent
    return format(value.quantize(_CENT, context=_WIDE) if isinstance(exponent, int) and exponent > -2 else trimmed, "f")


Amount = Annotated[
    Decimal,
    PlainSerializer(amount_text, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2,}$", "examples": ["420.00"]}),
]
# Positions are PostgreSQL bigints.
MinPosition = Annotated[
    int | None,
    Field(
        None,
        ge=0,
        le=2**63 - 1,
        description=("wait (bounded) until the analytics read model has applied this global log position"),
    ),
]
_SYMBOL = re.compile(r"^[A-Z0-9]{2,10}-[A-Z]{3,5}$", re.ASCII)
From = Annotated[AwareDatetime, Field(alias="from", description="ISO 8601 with offset (UTC: `Z`), inclusive")]
To = Annotated[AwareDatetime, Field(description="ISO 8601 with offset, exclusive")]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RangeParams(_Params):
    """``interval`` buckets (UTC hours or days) starting in ``[from, to)``."""

    interval: Interval
    start: From
    to: To
    min_position: MinPosition = None

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if self.start >= self.to:
            raise ValueError("from must be before to")
        if self.to - self.start > MAX_SPAN[self.interval]:
            raise ValueError(f"a range of {self.interval}s spans at most {MAX_SPAN[self.interval].days} days")
        return self


class VolumeParams(RangeParams):
    """A volume range, optionally one symbol, paged by ``limit`` and ``cursor``."""

    symbol: str | None = Field(None, pattern=_SYMBOL.pattern, examples=["BTC-USD"])
    limit: int = Field(500, ge=1, le=MAX_PAGE)
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the previous page")

    @model_validator(mode="after")
    def _cursor_readable(self) -> Self:
        if self.cursor is not None:
            decode_cursor(self.cursor)
        return self


class PnlParams(_Params):
    """Either a rolling ``window`` ending now, or ``from`` and ``to``; neither means ``all``."""

    window: Window | None = None
    start: AwareDatetime | None = Field(None, alias="from")
    to: AwareDatetime | None = None
    min_position: MinPosition = None

    @model_validator(mode="after")
    def _one_window(self) -> Self:
        if self.window is not None and (self.start or self.to):
            raise ValueError("give either window or from and to, not both")
        if (self.start is None) != (self.to is None):
            raise ValueError("from and to go together")
        if self.start and self.to and self.start >= self.to:
            raise ValueError("from must be before to")
        return self

    def bounds(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        if self.window in WINDOW_LENGTH:
            return now - WINDOW_LENGTH[self.window], now
        return self.start, self.to


def encode_cursor(key: VolumeKey) -> str:
    return cursor.encode({"b": key.bucket_start.astimezone(UTC).isoformat(), "s": key.symbol})


def decode_cursor(text: str) -> VolumeKey:
    """The key a cursor names; ``ValueError`` for anything this API did not issue."""
    try:
        data = cursor.decode(text)
        return VolumeKey(cursor.instant(data, "b"), cursor.text(data, "s", _SYMBOL))
    except ValueError:
        raise ValueError("cursor is not one this API issued") from None


class VolumeRowOut(BaseModel):
    """One symbol in one bucket: notional traded (opens and closes), trades, fees, net P&L booked."""

    bucket_start: datetime
    symbol: str
    volume: Amount = Field(description="sum of notionals (quantity × price) of every open and close, USD")
    trade_count: int
    open_count: int
    close_count: int
    liquidation_count: int
    fees: Amount = Field(description="opening and closing fees, USD")
    net_pnl: Amount = Field(description="net realized P&L of the closes, USD")


class VolumeReply(BaseModel):
    """A page of volume rows, by bucket then symbol; ``next_cursor`` is null on the last page."""

    model_config = ConfigDict(populate_by_name=True)
    interval: Interval
    start: datetime = Field(serialization_alias="from")
    to: datetime
    symbol: str | None
    as_of_position: int
    rows: list[VolumeRowOut]
    next_cursor: str | None


class ActiveTradersRowOut(BaseModel):
    """Distinct users with at least one open or close in the bucket."""

    bucket_start: datetime
    active_traders: int


class ActiveTradersReply(BaseModel):
    """Every bucket starting in the range, zero-activity buckets included."""

    interval: Interval
    start: datetime = Field(serialization_alias="from")
    to: datetime
    as_of_position: int
    rows: list[ActiveTradersRowOut]


class PnlDistributionOut(BaseModel):
    """Net realized P&L (gross − both fees) of the closes in the window, USD; null when count is 0."""

    window: Window | None
    start: datetime | None = Field(serialization_alias="from")
    to: datetime | None
    count: int
    sum: Amount | None
    mean: Amount | None = Field(description="rounded half-even to 4 decimals")
    min: Amount | None
    p5: Amount | None
    p10: Amount | None
    p25: Amount | None
    p50: Amount | None
    p75: Amount | None
    p90: Amount | None
    p95: Amount | None
    max: Amount | None


class PnlDistributionReply(PnlDistributionOut):
    """Quantiles interpolate linearly like PostgreSQL's percentile_cont, exactly (on NUMERIC)."""

    as_of_position: int


class EngagementParams(_Params):
    """UTC days starting in ``[from, to)`` (at most 366), and how many of the largest clans to list."""

    start: From
    to: To
    clans: int = Field(10, ge=0, le=100, description="how many of the largest clans to list (JSON only)")
    min_position: MinPosition = None

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if self.start >= self.to:
            raise ValueError("from must be before to")
        if self.to - self.start > MAX_SPAN["day"]:
            raise ValueError(f"a range of days spans at most {MAX_SPAN['day'].days} days")
        return self


class EngagementDayOut(BaseModel):
    """One UTC day: XP earned and awarded (a flagged award earns 0 XP), distinct earners, achievements unlocked."""

    day: date
    xp_earned: int
    xp_awards: int
    flagged_awards: int = Field(description="awards of 0 XP for a close flagged as abusive (e.g. instant_close)")
    users_earning: int = Field(description="distinct users who earned XP that day")
    achievements_unlocked: int


class ClanSizeOut(BaseModel):
    clan_id: UUID
    name: str
    members: int


class EngagementReply(BaseModel):
    """Every day of the range (zero days included), the range's unlocks by achievement, the largest clans now."""

    start: datetime = Field(serialization_alias="from")
    to: datetime
    as_of_position: int
    rows: list[EngagementDayOut]
    achievements: dict[str, int] = Field(description="unlocks in the range, by achievement")
    largest_clans: list[ClanSizeOut] = Field(description="members of the moment, largest first (not windowed)")
