"""POST /v1/users and POST /v1/auth/token over HTTP."""

from __future__ import annotations

from uuid import UUID

import jwt
import psycopg
import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from services import passwords
from tests.api.support import JWT_SECRET, PASSWORD, Actor, assert_problem, head, register
from tests.support import TEST_DATABASE_URL


def test_201_with_user_id_and_position_when_registering(client: TestClient, store: EventStore) -> None:
    # When a new user registers
    response = client.post("/v1/users", json={"username": "alice", "email": "alice@example.com", "password": PASSWORD})

    # Then the answer carries their id and the position of the last event written
    assert response.status_code == 201
    body = response.json()
    assert UUID(body["user_id"])
    assert body["position"] == head(store) > 0


def test_409_username_taken_when_username_registered_twice_in_another_case(
    client: TestClient, store: EventStore
) -> None:
    # Given alice is registered
    register(client, "alice")
    before = head(store)

    # When someone registers ALICE
    response = client.post("/v1/users", json={"username": "ALICE", "email": "other@example.com", "password": PASSWORD})

    # Then it is refused and nothing is written
    assert_problem(response, 409, "username_taken")
    assert head(store) == before


def test_409_email_taken_when_email_registered_twice(client: TestClient, store: EventStore) -> None:
    register(client, "alice")
    before = head(store)

    response = client.post("/v1/users", json={"username": "alice2", "email": "alice@example.com", "password": PASSWORD})

    assert_problem(response, 409, "email_taken")
    assert head(store) == before


def test_token_with_roles_and_expiry_when_credentials_are_right(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/auth/token", json={"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    claims = jwt.decode(body["access_token"], JWT_SECRET, algorithms=["HS256"])
    assert claims["sub"] == alice.user_id
    assert claims["roles"] == ["trader"]
    assert claims["exp"] - claims["iat"] == 900


def test_401_invalid_credentials_when_password_is_wrong(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/auth/token", json={"username": "alice", "password": "wrong password"})

    assert_problem(response, 401, "invalid_credentials")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_401_invalid_credentials_when_username_is_unknown(client: TestClient) -> None:
    response = client.post("/v1/auth/token", json={"username": "nobody", "password": PASSWORD})

    assert_problem(response, 401, "invalid_credentials")


def test_422_weak_password_and_no_event_when_password_is_shorter_than_10(client: TestClient, store: EventStore) -> None:
    before = head(store)

    response = client.post(
        "/v1/users", json={"username": "alice", "email": "alice@example.com", "password": "9chars-ok"}
    )

    assert_problem(response, 422, "weak_password")
    assert head(store) == before


def test_422_weak_password_when_password_is_in_the_common_list_in_any_case(
    client: TestClient, store: EventStore
) -> None:
    before = head(store)

    for common in ("1q2w3e4r5t", "QwertyUiop", "iloveyou123"):
        response = client.post(
            "/v1/users", json={"username": "alice", "email": "alice@example.com", "password": common}
        )
        assert_problem(response, 422, "weak_password")
    assert head(store) == before


def test_old_short_password_still_logs_in_when_it_predates_the_rule(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given alice registered with a short password before the rule existed
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr("services.users.check_strength", lambda _password: None)
        register(client, "alice", password="short1")

    # When she logs in with it, now that the rule holds
    response = client.post("/v1/auth/token", json={"username": "alice", "password": "short1"})

    # Then she gets a token: the rule applies when a password is set, never at login
    assert response.status_code == 200, response.text


def test_503_with_retry_after_and_no_event_when_every_hashing_slot_is_busy(
    client: TestClient, store: EventStore
) -> None:
    before = head(store)
    taken = [passwords._SLOTS.acquire(timeout=5) for _ in range(passwords.HASHING_SLOTS)]
    try:
        response = client.post(
            "/v1/users", json={"username": "alice", "email": "alice@example.com", "password": PASSWORD}
        )
    finally:
        for _ in taken:
            passwords._SLOTS.release()

    assert_problem(response, 503, "password_check_busy")
    assert response.headers["retry-after"] == "1"
    assert head(store) == before and _personal_data_keys(store) == 0  # no event, no orphan key


def _personal_data_keys(store: EventStore) -> int:
    with psycopg.connect(TEST_DATABASE_URL) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{store.env.get("POSTGRES_SCHEMA")}".pii_keys').fetchone()
    return int(row[0]) if row else 0
