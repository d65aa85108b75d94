"""POST /v1/clans…, /v1/challenges…: clans and challenges (friends: routes/friends.py)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Services, Trader
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.social import (
    ChallengeReply,
    FoundClanReply,
    FoundClanRequest,
    MembershipReply,
    OfferChallengeRequest,
)
from services.social import ChallengeService, SocialService


async def _social(c: Services) -> SocialService:
    return SocialService(c.trading.runner, c.settings.claim_key.encode())


async def _challenges(c: Services) -> ChallengeService:
    return ChallengeService(c.trading.runner)


Social = Annotated[SocialService, Depends(_social)]
Challenges = Annotated[ChallengeService, Depends(_challenges)]
router = APIRouter(prefix="/v1")


@router.post(
    "/clans",
    status_code=201,
    response_model=FoundClanReply,
    tags=["clans"],
    responses=documented(401, 403, 409, 413, 422, 503),
)
def found_clan(body: FoundClanRequest, user: Trader, cmd: Command, social: Social, response: Response) -> Any:
    """Found a clan with a unique name; the founder joins it (one clan at a time)."""
    return answer(social.found_clan(user.user_id, body.name, cmd.context(user), cmd.idempotency(body)), response)


@router.post(
    "/clans/{clan_id}/members",
    response_model=MembershipReply,
    tags=["clans"],
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def join_clan(clan_id: UUID, user: Trader, cmd: Command, social: Social, response: Response) -> Any:
    """Join a clan; a member of another clan must leave it first (409 already_member)."""
    idem = cmd.idempotency(clan_id=str(clan_id))
    return answer(social.join_clan(user.user_id, clan_id, cmd.context(user), idem), response)


@router.delete(
    "/clans/{clan_id}/members/me",
    response_model=MembershipReply,
    tags=["clans"],
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def leave_clan(clan_id: UUID, user: Trader, cmd: Command, social: Social, response: Response) -> Any:
    """Leave the caller's clan (409 not_member when not in it)."""
    idem = cmd.idempotency(clan_id=str(clan_id))
    return answer(social.leave_clan(user.user_id, clan_id, cmd.context(user), idem), response)


@router.post(
    "/challenges",
    status_code=201,
    response_model=ChallengeReply,
    tags=["challenges"],
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def offer_challenge(
    body: OfferChallengeRequest, user: Trader, cmd: Command, challenges: Challenges, response: Response
) -> Any:
    """Challenge a friend for 1–168 hours: who books more net realized P&L once accepted."""
    result = challenges.offer_challenge(
        user.user_id, body.opponent_id, body.hours, cmd.context(user), cmd.idempotency(body)
    )
    return answer(result, response)


@router.post(
    "/challenges/{challenge_id}/accept",
    response_model=ChallengeReply,
    tags=["challenges"],
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def accept_challenge(challenge_id: UUID, user: Trader, cmd: Command, challenges: Challenges, response: Response) -> Any:
    """The challenged friend accepts: the window starts now (the challenger gets 403, others 404)."""
    idem = cmd.idempotency(challenge_id=str(challenge_id))
    return answer(challenges.accept_challenge(user.user_id, challenge_id, cmd.context(user), idem), response)


@router.post(
    "/challenges/{challenge_id}/decline",
    response_model=ChallengeReply,
    tags=["challenges"],
    responses=documented(401, 403, 404, 409, 413, 422, 503),
)
def decline_challenge(
    challenge_id: UUID, user: Trader, cmd: Command, challenges: Challenges, response: Response
) -> Any:
    """The challenged friend declines an open offer (the challenger gets 403, others 404; 409 once answered)."""
    idem = cmd.idempotency(challenge_id=str(challenge_id))
    return answer(challenges.decline_challenge(user.user_id, challenge_id, cmd.context(user), idem), response)
