"""GET /v1/api-keys: the caller's API keys (issued and revoked through the command API)."""

from __future__ import annotations

from fastapi import APIRouter

from query_api.api_keys import list_api_keys
from query_api.deps import CurrentUser, MinPosition, Services
from query_api.errors import documented
from query_api.schemas.api_keys import ApiKeysReply, ApiKeyView

router = APIRouter(prefix="/v1/api-keys", tags=["api-keys"])


@router.get("", response_model=ApiKeysReply, responses=documented(401, 403, 422, 503))
def api_keys(caller: CurrentUser, c: Services, min_position: MinPosition = None) -> ApiKeysReply:  # noqa: ARG001
    """Your API keys not revoked: id, name, scopes, times; never the key. Needs a login, not a key."""
    # min_position needs no wait: the keys table commits with the events that change it.
    rows = list_api_keys(c.pool, c.settings.database_schema, caller.user_id)
    return ApiKeysReply(api_keys=[ApiKeyView(**row) for row in rows])
