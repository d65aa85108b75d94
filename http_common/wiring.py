"""The parts every app shares besides its routes: the token verifier, the middleware stack, the OpenAPI Problem."""

from __future__ import annotations

from fastapi import FastAPI

from http_common.access import AccessCheck
from http_common.metrics import HttpMetrics
from http_common.middleware import BodyLimit, CorrelationId, Observe
from http_common.problems import document_problems
from http_common.tokens import TokenVerifier


def wire(
    app: FastAPI, tokens: TokenVerifier, metrics: HttpMetrics, max_body_bytes: int, access: AccessCheck | None = None
) -> None:
    """Call after the routes and exception handlers are in place. Middleware an API adds before this call
    runs inside these (it sees the correlation id in ``scope["state"]``); added after, outside them."""
    app.state.token_verifier = tokens  # what http_common.auth verifies bearer tokens with
    app.state.access_check = access  # and checks revocation and API keys with (an app without it has no callers)
    # Added innermost first: Observe sees every answer, including the 413s and the correlation id's.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(CorrelationId)
    app.add_middleware(Observe, metrics=metrics)
    document_problems(app)
