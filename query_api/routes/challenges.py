"""GET /v1/challenges/{challenge_id}: a challenge's status, window, each side's P&L so far and winner;
GET /v1/challenges: the caller's own, newest first, optionally of one ``status``.

Readable by the two users only (api.md); compliance reads a challenge's events through the audit
routes. Anyone else gets 404, exactly as for an unknown id: unlike user ids, challenge ids are not
public, so whether one exists is itself private (the command API's accept answers a stranger 404
likewise).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from aggregates.social.challenge import Status
from projections.challenges.projection import SCORING_POLICY, ChallengesProjection
from projections.challenges.view import ChallengesView
from query_api.deps import CurrentUser, MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.challenges import MAX_CHALLENGES_PAGE, ChallengeReply, ChallengesReply

router = APIRouter(prefix="/v1/challenges", tags=["challenges"])
# The scoring policy first: every close at or before min_position has then been judged.
NEEDS = Needs([ChallengesProjection.name], after=[SCORING_POLICY])
Limit = Annotated[int, Query(ge=1, le=MAX_CHALLENGES_PAGE, description="challenges to return")]


@router.get("", response_model=ChallengesReply, responses=documented(401, 422, 429, 503))
async def my_challenges(
    caller: CurrentUser,
    c: Services,
    reads: Reads,
    status: Status | None = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> ChallengesReply:
    """The caller's challenges (as challenger or opponent), newest offer first, of ``status`` if given."""
    tables = c.read_models.tables_for(ChallengesProjection)
    found = await reads(
        NEEDS, min_position, lambda conn: ChallengesView().mine(conn, tables, caller.user_id, status, limit)
    )
    return ChallengesReply(
        challenges=[ChallengeReply.of(s, found.as_of_position) for s in found.value],
        as_of_position=found.as_of_position,
    )


@router.get("/{challenge_id}", response_model=ChallengeReply, responses=documented(401, 404, 422, 429, 503))
async def get_challenge(
    challenge_id: UUID, caller: CurrentUser, c: Services, reads: Reads, min_position: MinPosition = None
) -> ChallengeReply:
    """Status, window, each side's net realized P&L so far and the winner (the two users only)."""
    tables = c.read_models.tables_for(ChallengesProjection)
    found = await reads(NEEDS, min_position, lambda conn: ChallengesView().standing(conn, tables, challenge_id))
    if found.value is None or not found.value.involves(caller.user_id):
        raise ApiProblem(404, "not_found", f"no challenge {challenge_id}")
    return ChallengeReply.of(found.value, found.as_of_position)
