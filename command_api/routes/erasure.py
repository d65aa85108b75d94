"""POST /v1/users/{user_id}/erasure: GDPR erasure of a user's personal data (docs/audit.md)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from aggregates.user.roles import Role
from command_api.deps import Command, Services, require_role
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.erasure import ErasureReply
from command_api.tokens import Principal
from services.erasure import ErasureService

router = APIRouter(prefix="/v1/users", tags=["users"])
Eraser = Annotated[Principal, Depends(require_role(Role.COMPLIANCE, Role.ADMIN))]


async def _erasure(c: Services) -> ErasureService:
    return ErasureService(c.users.runner)


Erasure = Annotated[ErasureService, Depends(_erasure)]


@router.post("/{user_id}/erasure", response_model=ErasureReply, responses=documented(401, 403, 404, 409, 422, 503))
def erase(user_id: UUID, *, caller: Eraser, cmd: Command, erasure: Erasure, response: Response) -> Any:
    """Erase the user's personal data (username, email, password hash) from every past event (compliance, admin)."""
    idem = cmd.idempotency(None, user_id=str(user_id))
    return answer(erasure.erase(user_id, cmd.context(caller), idem), response)
