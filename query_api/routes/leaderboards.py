"""GET /v1/leaderboards/{metric} and /v1/leaderboards/{metric}/users/{user_id}: rankings, any user."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from projections.leaderboard.boards import Board, Metric, Ranked
from query_api.deps import CurrentUser, Services
from query_api.errors import ApiProblem, documented
from query_api.live.boards import LeaderboardReads, board_clock
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


async def leaderboard_reads(c: Services) -> LeaderboardReads:
    return LeaderboardReads(c.pool, c.read_models, c.queries, c.progress, c.live.ranks)


Reads = Annotated[LeaderboardReads, Depends(leaderboard_reads)]
Now = Annotated[datetime, Depends(board_clock)]


@router.get("/{metric}", response_model=LeaderboardReply, responses=documented(401, 422, 503))
def leaderboard(metric: MetricPath, params: Annotated[PageParams, Query()], _: CurrentUser, reads: Reads,
                now: Now) -> LeaderboardReply:
    """A page of the board, best first: `limit` entries (≤ 100) after `cursor`."""
    board, after = current_board(metric, params.window, params.clan_id, now), None
    if params.cursor is not None:
        board, after = _continued(params.cursor, board)
    page = reads.page(board, params.limit + 1, after, params.min_position)
    entries = page.entries[:params.limit]
    cursor = encode_cursor(board, entries[-1]) if len(page.entries) > params.limit else None
    return LeaderboardReply(**_about(board, page.as_of_position, page.source), next_cursor=cursor,
                            entries=[Entry.of(e, page.names) for e in entries])


@router.get("/{metric}/users/{user_id}", response_model=StandingReply, responses=documented(401, 404, 422, 503))
def standing(metric: MetricPath, user_id: UUID, params: Annotated[StandingParams, Query()], _: CurrentUser,
             reads: Reads, now: Now) -> StandingReply:
    """The user's rank and value on the board, with `neighbours` entries on each side (rank null: not ranked)."""
    board = current_board(metric, params.window, params.clan_id, now)
    place = reads.place(board, user_id, params.neighbours, params.min_position)
    entry, around = (place.standing.entry, place.standing.neighbours) if place.standing else (None, [])
    return StandingReply(**_about(board, place.as_of_position, place.source), user_id=user_id,
                         username=place.names.get(user_id), rank=entry.rank if entry else None,
                         value=entry.value if entry else None, neighbours=[Entry.of(e, place.names) for e in around])


def current_board(metric: Metric, window: Any, clan_id: UUID | None, now: datetime) -> Board:
    return Board.current(metric, window, now, clan_id)


def _continued(cursor: str, board: Board) -> tuple[Board, Ranked]:
    try:
        return decode_cursor(cursor, board)
    except ValueError as error:
        raise ApiProblem(422, "validation_error", f"cursor: {error}") from None


def _about(board: Board, as_of: int, source: str) -> dict[str, Any]:
    return {"metric": board.metric, "window": board.window, "bucket": board.label, "clan_id": board.clan_id,
            "as_of_position": as_of, "source": source}
