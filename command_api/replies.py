"""Turns a service's CommandResult into the HTTP answer."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from services.commands import CommandResult

REPLAYED_HEADER = "Idempotent-Replayed"


def answer(result: CommandResult, response: Response) -> dict[str, Any]:
    """The command's body plus ``position``, with the status it first answered."""
    response.status_code = result.status
    if result.replayed:
        response.headers[REPLAYED_HEADER] = "true"
    return {**result.body, "position": result.position}
