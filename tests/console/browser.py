"""The browser side of the console tests: Debian's chromium driven by Playwright, a page per user that
collects console errors, axe-core's check, and the page-weight and first-render measurements."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

CHROMIUM = "/usr/bin/chromium"  # Debian's package (.ci/run installs it); never Playwright's download
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "ui"
LAUNCH_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
_CLIENT_ERROR = re.compile(r"status of 4\d\d")
WAIT_MS = 20_000  # two cores shared: a tick travels command API → log → workers → SSE within this


@dataclass
class Session:
    """One user's page, with what went wrong in it."""

    page: Page
    apis: tuple[str, ...]  # the two APIs' base URLs
    errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # API answers ≥ 400 (each shown as a problem by the page)
    scripts: dict[str, int] = field(default_factory=dict)  # url → uncompressed bytes of each script loaded
    timings: dict[str, float] = field(default_factory=dict)  # browser_timings of the login page

    def goto_view(self, base: str, view: str) -> None:
        self.page.goto(f"{base}/#/{view}")
        self.page.locator(f"main[data-ready='{view}']").wait_for()  # the view's first read is on screen

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def serious_violations(self) -> list[dict[str, Any]]:
        """axe-core's violations of impact serious or critical on the page as it is now."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Through the debugging protocol: the console's CSP (script-src 'self') rightly refuses an inline tag.
            self.page.evaluate(AXE.read_text() + "\n;true")
        found = self.page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in found
            if v["impact"] in ("serious", "critical")
        ]


def open_session(browser: Browser, apis: tuple[str, ...]) -> Session:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    session = Session(page, apis)

    def on_console(message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        # Chromium logs every HTTP error answer of a fetch as a console error; an API's 4xx is a refusal the
        # page shows as a problem document (the tests assert it), anything else counts.
        if message.type == "error" and not (url.startswith(apis) and _CLIENT_ERROR.search(message.text)):
            session.errors.append(f"console: {message.text} ({url})")

    def on_response(response: Response) -> None:
        if response.request.resource_type == "script" and response.ok:
            session.scripts[response.url] = len(response.body())
        if response.status >= 400:
            (session.refusals if response.url.startswith(apis) and response.status < 500 else session.errors).append(
                f"{response.status} {response.url}"
            )

    def on_failed(request: Request) -> None:
        # Aborted (a view left stops its streams; a reload cancels what was in flight) is not a failure.
        if request.failure != "net::ERR_ABORTED":
            session.errors.append(f"request failed: {request.url} {request.failure}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    return session


def log_in(session: Session, base: str, username: str, password: str) -> float:
    """Log in through the form with the keyboard only; the seconds from navigation to the first view."""
    page = session.page
    started = time.perf_counter()
    page.goto(base + "/")
    page.get_by_label("Username").wait_for()
    first_render = time.perf_counter() - started
    session.timings = browser_timings(page)
    page.get_by_label("Username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Portfolio").wait_for()
    return first_render


def baseline_paint_ms(session: Session, base: str) -> float:
    """First contentful paint of a static text file from the same server: the floor the console's own
    first render is compared with, measured in the same run."""
    session.page.goto(base + "/vendor/lightweight-charts/LICENSE")
    # Polled from here: page.wait_for_function evaluates its predicate with eval() inside the page, which the
    # console's Content-Security-Policy (no 'unsafe-eval') refuses in newer Playwright releases.
    deadline = time.monotonic() + 10
    while not session.page.evaluate("performance.getEntriesByName('first-contentful-paint').length > 0"):
        assert time.monotonic() < deadline, "no first contentful paint within 10 s"
        time.sleep(0.02)
    return browser_timings(session.page)["paint"]


def browser_timings(page: Page) -> dict[str, float]:
    """The browser's own clock for the last navigation, in ms from its start: first contentful paint, and the
    console's first view rendered (``performance.mark("console-rendered")`` in main.js)."""
    found = json.loads(
        page.evaluate("""JSON.stringify({
        paint: performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0],
        rendered: performance.getEntriesByName('console-rendered').map(e => e.startTime)[0]})""")
    )
    return {name: float(value) for name, value in found.items() if value is not None}
