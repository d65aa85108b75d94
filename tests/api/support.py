"""Helpers of the HTTP tests: actors with tokens, problem assertions, the log head."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from event_store.application import EventStore
from event_store.metadata import CommandContext

JWT_SECRET = "api-test-jwt-secret-0123456789abcdef-0123456789abcdef-0123456789"
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Actor:
    """A registered user and the Authorization header of their token."""

    user_id: str
    username: str
    headers: dict[str, str]

    def with_key(self, key: str) -> dict[str, str]:
        return {**self.headers, "Idempotency-Key": key}


def register(client: TestClient, username: str, password: str = PASSWORD) -> str:
    response = client.post(
        "/v1/users", json={"username": username, "email": f"{username}@example.com", "password": password}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["user_id"])


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def make_trader(client: TestClient, username: str) -> Actor:
    user_id = register(client, username)
    return Actor(user_id, username, login(client, username))


def make_admin(client: TestClient, app: FastAPI, username: str = "root") -> Actor:
    """The first admin comes from the CLI path (UserService.create_admin), then logs in."""
    user_id = app.state.container.users.create_admin(username, PASSWORD, CommandContext(correlation_id="cli"))
    return Actor(str(user_id), username, login(client, username))


def make_with_role(client: TestClient, admin: Actor, username: str, role: str) -> Actor:
    user_id = register(client, username)
    granted = client.post(f"/v1/admin/users/{user_id}/roles", json={"role": role}, headers=admin.headers)
    assert granted.status_code == 200, granted.text
    return Actor(user_id, username, login(client, username))


def deposit(client: TestClient, actor: Actor, amount: str) -> httpx.Response:
    response = client.post("/v1/wallet/deposits", json={"amount": amount, "currency": "USD"}, headers=actor.headers)
    assert response.status_code == 200, response.text
    return response


def set_price(client: TestClient, feed: Actor, symbol: str, price: str) -> httpx.Response:
    response = client.post("/v1/market/prices", json={"symbol": symbol, "price": price}, headers=feed.headers)
    assert response.status_code == 201, response.text
    return response


def head(store: EventStore) -> int:
    """The global log position of the last event written."""
    return store.store.max_position() or 0


def assert_problem(response: httpx.Response, status: int, type_: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem document of ``status`` and ``type``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == type_, body
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body
