"""Request headers over 16 KiB get 431 (api.md "Abuse limits"), on both APIs, at two layers.

- The server: uvicorn's default parser (httptools) buffers a header block of any
  size (32 MiB were accepted). ``SERVER_OPTIONS`` run h11 instead, which stops
  reading a header block once it outgrows ``MAX_HEADER_BYTES`` — uvicorn then
  answers 400, so ``BoundedH11Protocol`` answers that case 431 instead.
- The app: h11 only measures a block still incomplete, so one that arrives whole in
  a single read passes it; ``HeaderLimit`` measures what reached the app (request
  line, names, values, separators) and refuses the same 16 KiB with 431.
"""

from __future__ import annotations

from typing import Any

import h11
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from http_common.problems import problem

MAX_HEADER_BYTES = 16 * 1024
_DETAIL = f"the request line and headers exceed {MAX_HEADER_BYTES} bytes"


def install(app: FastAPI) -> None:
    """Add the limit as the outermost middleware: nothing reads an oversized header first."""
    app.add_middleware(HeaderLimit)


class HeaderLimit:
    """ASGI middleware: 431 ``headers_too_large`` when the request line and headers exceed the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_HEADER_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _size(scope) > self.max_bytes:
            headers = {"Connection": "close"}
            return await problem(431, "headers_too_large", _DETAIL, headers)(scope, receive, send)
        await self.app(scope, receive, send)


def _size(scope: Scope) -> int:
    line = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") + 16
    return line + sum(len(name) + len(value) + 4 for name, value in scope["headers"])


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering 431 (not 400) when the header block outgrew h11's buffer limit."""

    def send_400_response(self, msg: str) -> None:
        if len(self.conn.trailing_data[0]) <= MAX_HEADER_BYTES:
            return super().send_400_response(msg)
        body = f'{{"type":"headers_too_large","title":"Headers too large","status":431,"detail":"{_DETAIL}"}}'
        headers = [(b"content-type", b"application/problem+json"), (b"connection", b"close")]
        for event in (h11.Response(status_code=431, headers=headers), h11.Data(data=body.encode()), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


# What every API process passes to uvicorn (``astratrade serve``, and tests over a real socket).
SERVER_OPTIONS: dict[str, Any] = {"http": BoundedH11Protocol, "h11_max_incomplete_event_size": MAX_HEADER_BYTES}
