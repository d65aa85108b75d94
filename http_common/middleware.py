"""Pure ASGI middleware: correlation ids (and the request log), the body size limit, request metrics."""

from __future__ import annotations

import logging
import re
import time
from uuid import uuid4

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from http_common.metrics import HttpMetrics
from http_common.problems import problem

CORRELATION_HEADER = "X-Correlation-ID"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_CORRELATION_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}", re.ASCII)
_requests = logging.getLogger("http_common.requests")


class CorrelationId:
    """Adopts a well-formed ``X-Correlation-ID`` (else mints a uuid4), keeps it in the request state, echoes it,
    and binds it for every log line written while the request runs (``astratrade.logs``), ending with one
    line per request: method, route, status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = Headers(scope=scope).get(CORRELATION_HEADER, "")
        correlation_id = given if _CORRELATION_ID.fullmatch(given) else str(uuid4())
        # The scope is shared with the outer error middleware, so a 500 can carry the id too.
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[CORRELATION_HEADER] = correlation_id
                status = message["status"]
            await send(message)

        # Context variables: the sync routes' worker threads inherit the binding (anyio copies the context).
        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                _log_request(scope, status, time.perf_counter() - started)


def _log_request(scope: Scope, status: int, seconds: float) -> None:
    route = getattr(scope.get("route"), "path", None) or "unmatched"  # the template: no ids, bounded
    _requests.info(
        "%s %s %s",
        scope["method"],
        route,
        status,
        extra={"method": scope["method"], "route": route, "status": status, "duration_ms": round(seconds * 1000, 2)},
    )


class BodyLimit:
    """Refuses bodies over ``max_bytes`` with 413, whether declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(scope, receive, send)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                return await self._refuse(scope, receive, send)
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the request body exceeds {self.max_bytes} bytes"
        await problem(413, "payload_too_large", detail, {"Connection": "close"})(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class Observe:
    """Counts every answer by route template and status, and times it."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), 500

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"  # bounded label values
            self.metrics.observe(method, route, status, time.perf_counter() - started)
