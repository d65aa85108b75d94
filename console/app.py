"""The console's server (``astratrade serve console``, port CONSOLE_PORT): static files only, plus
``/config.json`` telling the page where the two APIs are. The page talks to the APIs directly, with the
user's token, across origins (http_common/cors.py); this server never sees a token or proxies a call.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from astratrade.settings import Settings

STATIC = Path(__file__).with_name("static")
# Everything the page loads comes from here; it may connect to the two APIs only (added per app).
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
    "connect-src 'self' {apis}"
)


def create_app(settings: Settings) -> Starlette:
    """The console app: ``/config.json`` and the files of ``static/`` (``/`` is ``index.html``)."""
    config = {"command_api_port": settings.command_api_port, "query_api_port": settings.query_api_port}

    async def config_json(_: Request) -> JSONResponse:
        return JSONResponse(config, headers={"Cache-Control": "no-store"})

    async def favicon(_: Request) -> RedirectResponse:  # browsers ask for /favicon.ico on non-HTML documents
        return RedirectResponse("/favicon.svg", status_code=301)

    app = Starlette(
        routes=[
            Route("/config.json", config_json),
            Route("/favicon.ico", favicon),
            Mount("/", StaticFiles(directory=STATIC, html=True), name="static"),
        ]
    )
    return SecurityHeaders(app, settings)  # type: ignore[return-value]


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and its companions on every answer."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        ports = (settings.command_api_port, settings.query_api_port)
        # The page reaches the APIs on its own host name (127.0.0.1 or localhost): CSP names both.
        hosts = dict.fromkeys(("127.0.0.1", "localhost", settings.host))
        apis = " ".join(f"http://{host}:{port}" for port in ports for host in hosts)
        self.headers = [
            (b"content-security-policy", _CSP.format(apis=apis).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


class ByPort:
    """ASGI: what arrives on ``console_port`` goes to the console, the rest (and the lifespan) to ``app``.

    ``astratrade serve query-api --console`` (what ``up`` runs) listens on both ports in one process; the
    console stays its own origin (its port), so its CSP and the APIs' CORS see exactly what they did."""

    def __init__(self, app: ASGIApp, console: ASGIApp, console_port: int) -> None:
        self.app, self.console, self.console_port = app, console, console_port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = scope.get("server")
        if scope["type"] != "lifespan" and server is not None and server[1] == self.console_port:
            await self.console(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def app_from_environment() -> Starlette:
    """The app configured from the environment: the factory ``astratrade serve console`` runs under uvicorn."""
    return create_app(Settings())
