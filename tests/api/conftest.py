"""Fixtures of the HTTP tests: the real command app on the per-test schema, and its actors."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from command_api.app import create_app
from event_store.application import EventStore
from tests.api.support import JWT_SECRET, Actor, make_admin, make_trader, make_with_role
from tests.support import TEST_DATABASE_URL, SteppingClock


def make_settings(redis_url: str, **overrides: object) -> Settings:
    """Settings built explicitly, never read from this process's environment."""
    values: dict[str, object] = {
        "ASTRATRADE_ENV": "test",
        "database_url": TEST_DATABASE_URL,
        "redis_url": redis_url,
        "jwt_secret": JWT_SECRET,
        "jwt_ttl_seconds": 900,
        "CLAIM_KEY": "api-test-claim-key-0123456789abcdef",
    }
    return Settings(**{**values, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def settings(redis_url: str) -> Settings:
    return make_settings(redis_url)


@pytest.fixture
def app(settings: Settings, store: EventStore, clock: SteppingClock) -> FastAPI:
    return create_app(settings, store=store, clock=clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def alice(client: TestClient) -> Actor:
    return make_trader(client, "alice")


@pytest.fixture
def bob(client: TestClient) -> Actor:
    return make_trader(client, "bob")


@pytest.fixture
def admin(client: TestClient, app: FastAPI) -> Actor:
    return make_admin(client, app)


@pytest.fixture
def feed(client: TestClient, admin: Actor) -> Actor:
    return make_with_role(client, admin, "feed", "price_feed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    """The app served by a real uvicorn server on a free loopback port, in a background thread."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
