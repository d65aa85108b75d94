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
from query_api.deps import CurrentUser, MinPosition, Queries, Services
from query_api.errors import ApiProblem, documented
from query_api.schemas.challenges import MAX_CHALLENGES_PAGE, ChallengeReply, ChallengesReply

router = APIRouter(prefix="/v1/challenges", tags=["challenges"])
Limit = Annotated[int, Query(ge=1, le=MAX_CHALLENGES_PAGE, description="challenges to return")]


@router.get("", response_model=ChallengesReply, responses=documented(401, 422, 503))
def my_challenges(caller: CurrentUser, c: Services, queries: Queries, status: Status | None = None,
                  limit: Limit = 50, min_position: MinPosition = None) -> ChallengesReply:
    """The caller's challenges (as challenger or opponent), newest offer first, of ``status`` if given."""
    queries.reach([SCORING_POLICY, ChallengesProjection.name], min_position)
    with c.pool.connection() as conn:
        found = ChallengesView().mine(conn, c.read_models.tables_for(ChallengesProjection), caller.user_id, status,
                                      limit)
        as_of = c.progress.position(conn, ChallengesProjection.name)
    return ChallengesReply(challenges=[ChallengeReply.of(s, as_of) for s in found], as_of_position=as_of)


@router.get("/{challenge_id}", response_model=ChallengeReply, responses=documented(401, 404, 422, 503))
def get_challenge(challenge_id: UUID, caller: CurrentUser, c: Services, queries: Queries,
                  min_position: MinPosition = None) -> ChallengeReply:
    """Status, window, each side's net realized P&L so far and the winner (the two users only)."""
    # The scoring policy first: every close at or before min_position has then been judged.
    queries.reach([SCORING_POLICY, ChallengesProjection.name], min_position)
    with c.pool.connection() as conn:
        standing = ChallengesView().standing(conn, c.read_models.tables_for(ChallengesProjection), challenge_id)
        as_of = c.progress.position(conn, ChallengesProjection.name)
    if standing is None or not standing.involves(caller.user_id):
        raise ApiProblem(404, "not_found", f"no challenge {challenge_id}")
    return ChallengeReply.of(standing, as_of)
