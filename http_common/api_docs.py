"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from assets shipped in ``docs_assets/``, so they work
offline: FastAPI's defaults load their scripts, styles, fonts and favicon from CDNs.

The assets are vendored from npm by ``console/vendor`` (versions in console/package-lock.json).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(__file__).with_name("docs_assets")
PREFIX = "/docs-assets"


def install(app: FastAPI) -> None:
    """Serve the two documentation pages and their assets; create the app with ``docs_url=None, redoc_url=None``."""
    app.mount(PREFIX, StaticFiles(directory=ASSETS), name="docs-assets")
    title, openapi = app.title, app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi,
            title=f"{title}: Swagger UI",
            swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
            swagger_css_url=f"{PREFIX}/swagger-ui.css",
            swagger_favicon_url=f"{PREFIX}/favicon.svg",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi,
            title=f"{title}: ReDoc",
            redoc_js_url=f"{PREFIX}/redoc.standalone.js",
            redoc_favicon_url=f"{PREFIX}/favicon.svg",
            with_google_fonts=False,
        )
