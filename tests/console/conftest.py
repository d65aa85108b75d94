"""One real stack (``astratrade up`` with the console, on PostgreSQL and Redis) and one headless
chromium for the whole module; users of every role created over HTTP."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.console.browser import CHROMIUM, LAUNCH_ARGS, WAIT_MS
from tests.faults.system import System, running_system
from tests.support import TEST_DATABASE_URL

expect.set_options(timeout=WAIT_MS)  # a tick travels command API → log → workers → SSE on two shared cores
PASSWORD = "console test password 7"
# "subject" is a trader the compliance and analyst tests drive over HTTP, so no test depends on another's;
# "leaver" is the one compliance erases; "quant" runs backtests and bots (its own daily quota and bot slot).
ROLES = {
    "trader": (),
    "subject": (),
    "leaver": (),
    "quant": (),
    "officer": ("compliance",),
    "analyst": ("analyst",),
    "operator": ("admin",),
}


@dataclass
class Stack:
    system: System
    console_url: str
    admin: dict[str, str]  # headers of the admin, who also posts price ticks
    users: dict[str, str]  # name → user id

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        reply = httpx.post(self.system.command_url + path, json=body, headers=headers or self.admin, timeout=10)
        assert reply.status_code in (200, 201), reply.text
        return dict(reply.json())

    @property
    def apis(self) -> tuple[str, ...]:
        return self.system.command_url, self.system.query_url

    def read(self, path: str, name: str, **params: Any) -> dict[str, Any]:
        """A query as ``name``; with ``min_position`` it returns once the read model has that position."""
        reply = httpx.get(self.system.query_url + path, params=params, headers=self.login(name), timeout=30)
        assert reply.status_code == 200, reply.text
        return dict(reply.json())

    def login(self, name: str) -> dict[str, str]:
        return _login(self.system, name)

    def tick(self, symbol: str, price: str) -> int:
        return int(self.post("/v1/market/prices", {"symbol": symbol, "price": price})["position"])


@pytest.fixture(scope="package")
def stack(redis_url: str, postgres_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = str(tmp_path_factory.mktemp("console-up"))
    # Closes held 1 s earn XP (a demo's setting, as `up --simulate-market`), so profiles show progress.
    # A data directory of its own: `up` allows one per directory, and a developer's may be running.
    with running_system(
        TEST_DATABASE_URL,
        redis_url,
        ASTRATRADE_DATA_DIR=data_dir,
        XP_MIN_HOLD_SECONDS="1",
        RATE_LIMIT_PER_SECOND="0",
        QUERY_RATE_LIMIT_PER_SECOND="0",
    ) as system:
        console_url = f"http://127.0.0.1:{system.env['CONSOLE_PORT']}"  # a free port System chose
        _wait(console_url + "/config.json")
        system.cli("create-admin", "operator", PASSWORD)
        admin = _login(system, "operator")
        users = {"operator": _me(system, admin)}
        for name, roles in ROLES.items():
            if name == "operator":
                continue
            created = httpx.post(
                system.command_url + "/v1/users",
                timeout=10,
                json={"username": name, "email": f"{name}@example.com", "password": PASSWORD},
            )
            assert created.status_code == 201, created.text
            users[name] = created.json()["user_id"]
            for role in roles:
                granted = httpx.post(
                    f"{system.command_url}/v1/admin/users/{users[name]}/roles",
                    json={"role": role},
                    headers=admin,
                    timeout=10,
                )
                assert granted.status_code == 200, granted.text
        yield Stack(system, console_url, admin, users)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _login(system: System, name: str) -> dict[str, str]:
    token = httpx.post(system.command_url + "/v1/auth/token", json={"username": name, "password": PASSWORD}, timeout=10)
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _me(system: System, headers: dict[str, str]) -> str:
    token = headers["Authorization"].split()[1]
    return str(jwt.decode(token, options={"verify_signature": False})["sub"])


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
