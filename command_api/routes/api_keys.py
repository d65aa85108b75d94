"""POST /v1/api-keys, DELETE /v1/api-keys/{api_key_id}: API keys of bots and scripts (the list is the query API's)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Services, Trader
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.sessions import ApiKeyReply, ApiKeyRequest, RevokedKeyReply
from services.api_keys import ApiKeyService

router = APIRouter(prefix="/v1/api-keys", tags=["api-keys"])


async def _api_keys(c: Services) -> ApiKeyService:
    return ApiKeyService(c.users.runner)


ApiKeys = Annotated[ApiKeyService, Depends(_api_keys)]


@router.post("", status_code=201, response_model=ApiKeyReply, responses=documented(401, 403, 413, 422, 503))
def issue(body: ApiKeyRequest, trader: Trader, cmd: Command, keys: ApiKeys, response: Response) -> Any:
    """Issue an API key with `scopes`; the key is in this answer only (it is stored as a hash)."""
    idem = cmd.idempotency(body)
    issued = keys.issue(trader.user_id, body.name, list(body.scopes), body.expires_at, cmd.context(trader), idem)
    return {**answer(issued.result, response), "key": None if issued.result.replayed else issued.key}


@router.delete("/{api_key_id}", response_model=RevokedKeyReply, responses=documented(401, 403, 404, 422, 503))
def revoke(api_key_id: UUID, trader: Trader, cmd: Command, keys: ApiKeys, response: Response) -> Any:
    """Revoke one of your API keys (another user's is 404); it stops working within a second."""
    idem = cmd.idempotency(None, api_key_id=str(api_key_id))
    return answer(keys.revoke(trader.user_id, api_key_id, cmd.context(trader), idem), response)
