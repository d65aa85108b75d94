"""GET /v1/leaderboards/{metric} and /v1/leaderboards/{metric}/users/{user_id}: rankings, any user."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from projections.leaderboard.boards import Board, Ranked
from query_api.deps import Boards, Now, Reads
from query_api.errors import ApiProblem, documented
from query_api.schemas.leaderboards import (
    Entry,
    LeaderboardReply,
    MetricPath,
    PageParams,
    StandingParams,
    StandingReply,
    decode_cursor,
    encode_cursor,
)

router = APIRouter(prefix="/v1/leaderboards", tags=["leaderboards"])


@router.get("/{metric}", response_model=LeaderboardReply, responses=documented(401, 422, 429, 503))
async def leaderboard(
    metric: MetricPath, params: Annotated[PageParams, Query()], boards: Boards, reads: Reads, now: Now
) -> LeaderboardReply:
    """A page of the board, best first: `limit` entries (≤ 100) after `cursor`."""
    board, after = Board.current(metric, params.window, now, params.clan_id), None
    if params.cursor is not None:
        board, after = _continued(params.cursor, board)
    found = await reads(
        boards.needs,
        params.min_position,
        lambda conn: boards.page(conn, board, params.limit + 1, after, params.min_position),
    )
    page, entries = found.value, found.value.entries[: params.limit]
    cursor = encode_cursor(board, entries[-1]) if len(page.entries) > params.limit else None
    return LeaderboardReply(
        **_about(board, _as_of(page.as_of_position, found.as_of_position), page.source),
        next_cursor=cursor,
        entries=[Entry.of(e, page.names) for e in entries],
    )


@router.get("/{metric}/users/{user_id}", response_model=StandingReply, responses=documented(401, 404, 422, 429, 503))
async def standing(
    metric: MetricPath,
    user_id: UUID,
    params: Annotated[StandingParams, Query()],
    boards: Boards,
    reads: Reads,
    now: Now,
) -> StandingReply:
    """The user's rank and value on the board, with `neighbours` entries on each side (rank null: not ranked)."""
    board = Board.current(metric, params.window, now, params.clan_id)
    found = await reads(
        boards.needs,
        params.min_position,
        lambda conn: boards.place(conn, board, user_id, params.neighbours, params.min_position),
    )
    place = found.value
    entry, around = (place.standing.entry, place.standing.neighbours) if place.standing else (None, [])
    return StandingReply(
        **_about(board, _as_of(place.as_of_position, found.as_of_position), place.source),
        user_id=user_id,
        username=place.names.get(user_id),
        rank=entry.rank if entry else None,
        value=entry.value if entry else None,
        neighbours=[Entry.of(e, place.names) for e in around],
    )


def _continued(cursor: str, board: Board) -> tuple[Board, Ranked]:
    try:
        return decode_cursor(cursor, board)
    except ValueError as error:
        raise ApiProblem(422, "validation_error", f"cursor: {error}") from None


def _as_of(mirrored: int | None, snapshot: int) -> int:
    """The mirror's position when Redis answered, else the snapshot's."""
    return snapshot if mirrored is None else mirrored


def _about(board: Board, as_of: int, source: str) -> dict[str, Any]:
    return {
        "metric": board.metric,
        "window": board.window,
        "bucket": board.label,
        "clan_id": board.clan_id,
        "as_of_position": as_of,
        "source": source,
    }
