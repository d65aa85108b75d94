"""GET /v1/history/trades and /v1/history/ledger: the query parameters and the replies.

Every row serialises the same way to JSON and to CSV (``query_api.csv_rows``). Cursors are
opaque: the log position (and entry) of the last row of the page, base64 JSON.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from projections.statement.view import StatementRow
from projections.trade_history.view import TradeRow
from query_api.schemas.common import DecimalString

MAX_PAGE = 1000
# Without from/to a statement covers all time (PostgreSQL's timestamptz holds these).
EARLIEST, LATEST = datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)


def encode_cursor(*key: int) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> tuple[int, ...]:
    """The key a cursor names; ``ValueError`` for anything this API did not issue."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("cursor is not one this API issued") from None
    if (
        not isinstance(key, list)
        or len(key) != size
        or not all(isinstance(k, int) and not isinstance(k, bool) and 0 <= k < 2**63 for k in key)
    ):
        raise ValueError("cursor is not one this API issued")
    return tuple(key)


class HistoryParams(BaseModel):
    """Whose history (`me`, or a user id for compliance), one page after ``cursor``, JSON or CSV."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    user_id: UUID | Literal["me"] = Field("me", description="`me`, or a user id (compliance)")
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the previous page")
    format: Literal["json", "csv"] = "json"
    min_position: int | None = Field(
        None,
        ge=0,
        le=2**63 - 1,
        description=("wait (bounded) until the read model has applied this global log position"),
    )


class TradesParams(HistoryParams):
    @model_validator(mode="after")
    def _cursor_readable(self) -> Self:
        if self.cursor is not None:
            decode_cursor(self.cursor, 1)
        return self


class LedgerParams(HistoryParams):
    """Movements in ``[from, to)`` (UTC instants with an offset); both optional."""

    start: AwareDatetime | None = Field(None, alias="from", description="ISO 8601 with offset, inclusive")
    to: AwareDatetime | None = Field(None, description="ISO 8601 with offset, exclusive")

    @model_validator(mode="after")
    def _readable(self) -> Self:
        if self.cursor is not None:
            decode_cursor(self.cursor, 2)
        if self.start and self.to and self.start >= self.to:
            raise ValueError("from must be before to")
        return self


class XpRules(BaseModel):
    """What a close needs to earn XP, streaks, achievements and leaderboard credit (api.md, v1.1)."""

    min_notional: DecimalString = Field(description="XP_MIN_NOTIONAL: the position's notional, USD, at least")
    min_hold_seconds: float = Field(description="XP_MIN_HOLD_SECONDS: held at least this long")
    flags: dict[str, str] = Field(description="each flag a trade may carry, and what it means")


FLAG_MEANINGS = {
    "instant_close": "held for less than min_hold_seconds",
    "below_minimum": "the position's notional was below min_notional",
    "mirror_trade": "the hedged counter-leg of a friend's or clan-mate's position opened at the same time",
    "bot": "closed by a bot",
}


class TradeOut(BaseModel):
    """One close, liquidation (or, with orders, partial close or exit) of a position."""

    position_id: UUID
    symbol: str
    side: str
    quantity: DecimalString
    entry_price: DecimalString
    exit_price: DecimalString
    gross_pnl: DecimalString
    fees: DecimalString = Field(description="opening and closing fees, USD")
    net_pnl: DecimalString = Field(description="gross_pnl − fees")
    ended_by: str = Field(
        examples=["closed"], description=("closed, partial, stop_loss, take_profit, trailing_stop or liquidated")
    )
    closed_at: datetime
    flags: list[str] = Field(
        description="why it earned no XP or leaderboard credit (empty: it counted); CSV joins them with `;`"
    )

    @classmethod
    def of(cls, row: TradeRow) -> TradeOut:
        return cls(**{name: getattr(row, name) for name in cls.model_fields})


class TradesReply(BaseModel):
    """A page of trades, oldest first; ``next_cursor`` is null on the last page."""

    user_id: UUID
    trades: list[TradeOut]
    next_cursor: str | None
    xp_rules: XpRules
    as_of_position: int


class EntryOut(BaseModel):
    """One movement of free cash and the balance after it."""

    kind: str = Field(
        examples=["deposit"],
        description=(
            "deposit, withdrawal, fee, margin_reserved, margin_released, realized_pnl, nft_sale, nft_purchase, "
            "subscription, order_reserved or order_released"
        ),
    )
    amount: DecimalString = Field(description="signed: negative when cash left")
    balance: DecimalString = Field(description="free cash after this movement, USD")
    occurred_at: datetime

    @classmethod
    def of(cls, row: StatementRow) -> EntryOut:
        return cls(kind=row.kind, amount=row.amount, balance=row.balance, occurred_at=row.occurred_at)


class LedgerReply(BaseModel):
    """A page of the account statement, oldest first; ``next_cursor`` is null on the last page."""

    model_config = ConfigDict(populate_by_name=True)
    user_id: UUID
    start: datetime | None = Field(serialization_alias="from")
    to: datetime | None
    entries: list[EntryOut]
    next_cursor: str | None
    as_of_position: int
