"""What the console needs of the two APIs: CORS for its origin only, and /docs and /redoc that work
offline (every asset from the API itself), checked over HTTP and in chromium."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Request, expect

from tests.console.conftest import Stack

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(params=["command", "query"])
def api(request: pytest.FixtureRequest, stack: Stack) -> str:
    return stack.system.command_url if request.param == "command" else stack.system.query_url


def _protected(api: str, stack: Stack, **headers: str) -> httpx.Response:
    """A request that needs a token, without one: POST /v1/auth/logout, or GET /v1/portfolios/me."""
    if api == stack.system.command_url:
        return httpx.post(api + "/v1/auth/logout", headers=headers)
    return httpx.get(api + "/v1/portfolios/me", headers=headers)


def test_a_preflight_from_the_consoles_origin_is_admitted_without_credentials(stack: Stack, api: str):
    reply = httpx.options(
        api + "/v1/portfolios/me",
        headers={
            "Origin": stack.console_url,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )
    assert reply.status_code == 200
    assert reply.headers["access-control-allow-origin"] == stack.console_url
    assert "authorization" in reply.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in reply.headers  # tokens travel in a header, never a cookie


def test_another_origin_gets_no_cors_headers_and_its_preflight_is_refused(stack: Stack, api: str):
    preflight = httpx.options(
        api + "/v1/portfolios/me", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    simple = httpx.get(api + "/health", headers={"Origin": "https://evil.example"})
    assert simple.status_code == 200 and "access-control-allow-origin" not in simple.headers


def test_an_api_answer_to_the_console_carries_its_origin_and_the_exposed_headers(stack: Stack, api: str):
    reply = _protected(api, stack, Origin=stack.console_url)
    assert reply.status_code == 401  # a problem the page can read, not an opaque CORS failure
    assert reply.headers["access-control-allow-origin"] == stack.console_url
    assert "retry-after" in reply.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize("page_path", ["/docs", "/redoc"])
def test_the_documentation_pages_reference_no_external_host(api: str, page_path: str):
    html = httpx.get(api + page_path).text
    assert "/docs-assets/" in html
    assert not EXTERNAL.search(html), html


@pytest.mark.parametrize("page_path", ["/docs", "/redoc"])
def test_the_documentation_pages_render_offline_in_the_browser(stack: Stack, browser: Browser, page_path: str):
    context = browser.new_context()
    page = context.new_page()
    elsewhere: list[str] = []
    errors: list[str] = []

    def on_request(request: Request) -> None:
        if not request.url.startswith((stack.system.command_url, "data:", "blob:")):
            elsewhere.append(request.url)

    page.on("request", on_request)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.system.command_url + page_path)
    # Both render the operations of the OpenAPI document (Swagger UI's blocks, ReDoc's menu).
    expect(page.get_by_text("/v1/orders").first).to_be_visible()
    context.close()
    assert elsewhere == [] and errors == []
