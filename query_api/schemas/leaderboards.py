"""GET /v1/leaderboards/*: the query parameters, the opaque cursor and the replies."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from projections.leaderboard.boards import Board, Metric, Ranked, Window
from query_api.schemas.common import DecimalString

MetricPath = Annotated[Metric, Path(description="`xp`, `realized_pnl` (net of both fees) or `roi` (percent)")]
MAX_LIMIT = 100
VALUE_DOC = "decimal string: whole XP, USD with 2 decimals, or percent with 2 decimals"


class BoardParams(BaseModel):
    """Which board: the current UTC day, ISO week, or all time; globally or within one clan."""

    model_config = ConfigDict(extra="forbid")
    window: Window = Field(Window.ALL, description="`day` (UTC), `week` (ISO, UTC) or `all`")
    clan_id: UUID | None = Field(None, description="rank only this clan's current members")
    min_position: int | None = Field(None, ge=0, le=2**63 - 1, description=(
        "wait (bounded) until the leaderboard and profiles read models have applied this global log position"))


class PageParams(BoardParams):
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=400, description="`next_cursor` of the previous page")


class StandingParams(BoardParams):
    neighbours: int = Field(2, ge=0, le=10, description="entries shown on each side of the user")


class StreamParams(BoardParams):
    limit: int = Field(10, ge=1, le=MAX_LIMIT, description="entries in the opening `snapshot` event")


class Entry(BaseModel):
    rank: int = Field(description="1-based; ties are broken by who reached the value first, then user id")
    user_id: UUID
    username: str | None
    value: DecimalString = Field(description=VALUE_DOC)

    @classmethod
    def of(cls, ranked: Ranked, names: dict[UUID, str | None]) -> Entry:
        return cls(rank=ranked.rank, user_id=ranked.user_id, username=names.get(ranked.user_id), value=ranked.value)


class BoardReply(BaseModel):
    """Which board answered, as of which log position, read from where."""

    metric: Metric
    window: Window
    bucket: str | None = Field(description="the UTC day (`2026-01-05`) or ISO week (`2026-W02`); null for all")
    clan_id: UUID | None
    as_of_position: int
    source: Literal["redis", "postgres"] = Field(description="the live Redis mirror, or PostgreSQL")


class LeaderboardReply(BoardReply):
    entries: list[Entry]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class StandingReply(BoardReply):
    user_id: UUID
    username: str | None
    rank: int | None = Field(description="null when the user is not ranked on this board")
    value: DecimalString | None = Field(description=VALUE_DOC)
    neighbours: list[Entry] = Field(description="the entries around the user, the user included, in rank order")


def encode_cursor(board: Board, last: Ranked) -> str:
    """The keyset after ``last``, pinned to the board's bucket (a page 2 after midnight stays on the same day)."""
    raw = {"m": board.metric.value, "w": board.window.value, "c": board.clan_id.hex if board.clan_id else None,
           "b": board.bucket.isoformat(), "r": last.rank, "v": format(last.value, "f"), "p": last.reached_position,
           "u": last.user_id.hex}
    return base64.urlsafe_b64encode(json.dumps(raw, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, board: Board) -> tuple[Board, Ranked]:
    """The board and entry a cursor continues after; ``ValueError`` unless this API issued it for ``board``."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        clan = UUID(hex=data["c"]) if data["c"] else None
        if (data["m"], data["w"], clan) != (board.metric.value, board.window.value, board.clan_id):
            raise ValueError
        pinned = Board(board.metric, board.window, date.fromisoformat(data["b"]), clan)
        after = Ranked(int(data["r"]), UUID(hex=data["u"]), Decimal(data["v"]), int(data["p"]))
        if not (after.value.is_finite() and 0 < after.rank < 2**31 and 0 <= after.reached_position < 2**63):
            raise ValueError
    except (binascii.Error, UnicodeDecodeError, TypeError, KeyError, ValueError, InvalidOperation, AttributeError,
            OverflowError):
        raise ValueError("cursor is not one this API issued for this board") from None
    return pinned, after
