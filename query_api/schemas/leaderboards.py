"""GET /v1/leaderboards/*: the query parameters, the opaque cursor and the replies."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from projections.leaderboard.boards import Board, Metric, Ranked, Window
from query_api.schemas import cursor
from query_api.schemas.common import DecimalString

MetricPath = Annotated[Metric, Path(description="`xp`, `realized_pnl` (net of both fees) or `roi` (percent)")]
MAX_LIMIT = 100
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
VALUE_DOC = "decimal string: whole XP, USD with 2 decimals, or percent with 2 decimals"


class BoardParams(BaseModel):
    """Which board: the current UTC day, ISO week, or all time; globally or within one clan."""

    model_config = ConfigDict(extra="forbid")
    window: Window = Field(Window.ALL, description="`day` (UTC), `week` (ISO, UTC) or `all`")
    clan_id: UUID | None = Field(None, description="rank only this clan's current members")
    min_position: int | None = Field(
        None,
        ge=0,
        le=2**63 - 1,
        description=(
            "wait (bounded) until the leaderboard and profiles read models have applied this global log position"
        ),
    )


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
    return cursor.encode(
        {
            "m": board.metric.value,
            "w": board.window.value,
            "c": board.clan_id.hex if board.clan_id else None,
            "b": board.bucket.isoformat(),
            "r": last.rank,
            "v": format(last.value, "f"),
            "p": last.reached_position,
            "u": last.user_id.hex,
        }
    )


def decode_cursor(text: str, board: Board) -> tuple[Board, Ranked]:
    """The board and entry a cursor continues after; ``ValueError`` unless this API issued it for ``board``."""
    try:
        data = cursor.decode(text)
        clan = cursor.uuid(data, "c") if data.get("c") is not None else None
        if (data.get("m"), data.get("w"), clan) != (board.metric.value, board.window.value, board.clan_id):
            raise ValueError("another board")
        pinned = Board(board.metric, board.window, date.fromisoformat(cursor.text(data, "b", _DAY)), clan)
        after = Ranked(
            cursor.integer(data, "r", 1, 2**31 - 1),
            cursor.uuid(data, "u"),
            cursor.decimal(data, "v"),
            cursor.integer(data, "p", 0, 2**63 - 1),
        )
    except ValueError:
        raise ValueError("cursor is not one this API issued for this board") from None
    return pinned, after
