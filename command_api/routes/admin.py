"""POST /v1/admin/users/{user_id}/roles: role grants; DELETE …/roles/{role}: revocations; PUT …/limits: risk
limits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from aggregates.user.roles import Role
from command_api.deps import Admin, Command, Services, Users
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.risk import LimitsReply, SetLimitsRequest
from command_api.schemas.users import GrantRoleReply, GrantRoleRequest
from services.risk import LimitChange, RiskService

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.post(
    "/users/{user_id}/roles", response_model=GrantRoleReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def grant_role(
    user_id: UUID, *, body: GrantRoleRequest, admin: Admin, cmd: Command, users: Users, response: Response
) -> Any:
    """Grant a role to a user (admin only): their tokens are revoked; it appears in their next login's."""
    idem = cmd.idempotency(body, user_id=str(user_id))
    return answer(users.grant_role(user_id, body.role, cmd.context(admin), idem), response)


@router.delete(
    "/users/{user_id}/roles/{role}", response_model=GrantRoleReply, responses=documented(401, 403, 404, 409, 422, 503)
)
def revoke_role(user_id: UUID, role: Role, *, admin: Admin, cmd: Command, users: Users, response: Response) -> Any:
    """Revoke a role from a user (admin only; `trader` cannot be): their tokens are revoked with it."""
    idem = cmd.idempotency(None, user_id=str(user_id), role=role.value)
    return answer(users.revoke_role(user_id, role, cmd.context(admin), idem), response)


@router.put(
    "/users/{user_id}/limits", response_model=LimitsReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def set_limits(
    user_id: UUID, *, body: SetLimitsRequest, admin: Admin, cmd: Command, c: Services, response: Response
) -> Any:
    """Set a user's risk limits (admin only): a field left out keeps its limit, null removes it."""
    idem = cmd.idempotency(body, user_id=str(user_id))
    given = LimitChange(body.max_open_notional, body.max_daily_loss, frozenset(body.model_fields_set))
    return answer(RiskService(c.trading.runner).set_limits(user_id, given, cmd.context(admin), idem), response)
