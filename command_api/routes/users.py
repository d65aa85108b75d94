"""POST /v1/users: registration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from command_api.deps import Command, Users
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.users import RegisterReply, RegisterRequest

router = APIRouter(prefix="/v1/users", tags=["users"])


@router.post("", status_code=201, response_model=RegisterReply, responses=documented(409, 413, 422, 503))
def register(body: RegisterRequest, cmd: Command, users: Users, response: Response) -> Any:
    """Register a user (a trader) with a unique username and email; opens their USD wallet."""
    idem = cmd.idempotency(body)
    return answer(users.register(body.username, body.email, body.password, cmd.context(None), idem), response)
