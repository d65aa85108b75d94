"""CORS for the web console (console/, docs/adr/0011-web-console.md): the browser may call an API from
the origins of ``Settings.cors_origins`` only, never ``*``.

The console sends its token in the ``Authorization`` header, never in a cookie, so credentials
(cookies) are not allowed at all: a page of another origin gets nothing a browser would attach for it.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

# What the console sends, and what it must be able to read of an answer.
ALLOWED_HEADERS = ["Authorization", "Content-Type", "Accept", "Idempotency-Key", "X-Correlation-ID", "Last-Event-ID"]
EXPOSED_HEADERS = ["Retry-After", "X-Correlation-ID", "Content-Disposition", "X-As-Of-Position", "X-Next-Cursor"]
PREFLIGHT_CACHE_SECONDS = 600


def install(app: FastAPI, origins: list[str]) -> None:
    """Answer preflights and add the CORS headers; add it outside the rate limit and authentication, so a
    preflight (which carries no token) is never refused by them."""
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "DELETE"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        max_age=PREFLIGHT_CACHE_SECONDS,
    )
