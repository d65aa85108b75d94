"""RFC 9457 problem documents (``application/problem+json``) and their OpenAPI schema.

``type`` is the stable code of the rule or error (``insufficient_funds``,
``projection_lagging``…); clients branch on it, humans read ``detail``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

PROBLEM_JSON = "application/problem+json"
BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}
INVALID_TOKEN = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
Responses = dict[int | str, dict[str, Any]]


class Problem(BaseModel):
    """An RFC 9457 problem document; ``type`` names the rule or error."""

    type: str = Field(examples=["insufficient_funds"])
    title: str = Field(examples=["Insufficient funds"])
    status: int = Field(examples=[409])
    detail: str = Field(examples=["withdrawal of 10.00 exceeds available cash 5.00"])
    errors: list[dict[str, Any]] | None = Field(None, description="per-field errors (validation_error only)")


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_JSON

    def render(self, content: Any) -> bytes:
        # ASCII-escaped: a lone surrogate echoed from a field name must not break encoding.
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


class ApiProblem(Exception):
    """A refusal raised by the HTTP layer itself: credentials, roles, a missing object, a lagging read model."""

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers, self.extra = status, code, detail, headers, extra


def problem(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> ProblemResponse:
    """The problem document answering ``status`` with rule ``code`` (a 401 always carries the Bearer challenge)."""
    if status == 401:
        headers = {**BEARER_CHALLENGE, **(headers or {})}
    body = {"type": code, "title": code.replace("_", " ").capitalize(), "status": status, "detail": detail, **extra}
    return ProblemResponse(body, status_code=status, headers=headers)


def documenter(descriptions: Mapping[int, str]) -> Callable[..., Responses]:
    """An API's ``documented(*statuses)``: OpenAPI ``responses`` entries for the problems a route can answer."""

    def documented(*statuses: int) -> Responses:
        schema = {"$ref": "#/components/schemas/Problem"}
        return {s: {"description": descriptions[s], "content": {PROBLEM_JSON: {"schema": schema}}} for s in statuses}

    return documented


def problem_schema() -> dict[str, Any]:
    return Problem.model_json_schema(ref_template="#/components/schemas/{model}")


def document_problems(app: FastAPI) -> None:
    """Serve FastAPI's OpenAPI document plus the Problem schema the error responses refer to."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = problem_schema()
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
