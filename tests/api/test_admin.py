"""POST /v1/admin/users/{user_id}/roles."""

from __future__ import annotations

from uuid import uuid4

from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import Actor, assert_problem, head, login, make_with_role


def test_role_granted_and_in_next_token_when_admin_grants_it(
    client: TestClient, store: EventStore, admin: Actor, alice: Actor
) -> None:
    # When the admin grants alice the price_feed role
    response = client.post(f"/v1/admin/users/{alice.user_id}/roles", json={"role": "price_feed"}, headers=admin.headers)

    # Then it is recorded...
    assert response.status_code == 200, response.text
    assert response.json() == {"user_id": alice.user_id, "roles": ["trader", "price_feed"], "position": head(store)}
    # ...her old token is revoked (it would lack the role: 401, not a hintless 403), and a new login carries it
    tick = {"symbol": "ETH-USD", "price": "3000.5"}
    assert_problem(client.post("/v1/market/prices", json=tick, headers=alice.headers), 401, "token_revoked")
    assert client.post("/v1/market/prices", json=tick, headers=login(client, "alice")).status_code == 201


def test_404_when_granting_to_an_unknown_user(client: TestClient, store: EventStore, admin: Actor) -> None:
    before = head(store)

    response = client.post(f"/v1/admin/users/{uuid4()}/roles", json={"role": "analyst"}, headers=admin.headers)

    assert_problem(response, 404, "not_found")
    assert head(store) == before


def test_409_role_already_granted_when_granting_twice(
    client: TestClient, store: EventStore, admin: Actor, alice: Actor
) -> None:
    path = f"/v1/admin/users/{alice.user_id}/roles"
    assert client.post(path, json={"role": "analyst"}, headers=admin.headers).status_code == 200
    before = head(store)

    response = client.post(path, json={"role": "analyst"}, headers=admin.headers)

    assert_problem(response, 409, "role_already_granted")
    assert head(store) == before


def test_422_when_role_is_unknown(client: TestClient, admin: Actor, alice: Actor) -> None:
    response = client.post(f"/v1/admin/users/{alice.user_id}/roles", json={"role": "god"}, headers=admin.headers)

    assert_problem(response, 422, "validation_error")


def test_401_when_granting_without_token(client: TestClient, alice: Actor) -> None:
    response = client.post(f"/v1/admin/users/{alice.user_id}/roles", json={"role": "admin"})

    assert_problem(response, 401, "unauthorized")


def test_role_revoked_and_old_tokens_revoked_when_admin_revokes_it(
    client: TestClient, store: EventStore, admin: Actor
) -> None:
    # Given a price feed signed in
    feed = make_with_role(client, admin, "feed", "price_feed")
    tick = {"symbol": "ETH-USD", "price": "3000.5"}
    assert client.post("/v1/market/prices", json=tick, headers=feed.headers).status_code == 201

    # When the admin revokes its role
    response = client.delete(f"/v1/admin/users/{feed.user_id}/roles/price_feed", headers=admin.headers)

    # Then it is recorded, the old token is revoked, and a new login no longer holds the role
    assert response.status_code == 200, response.text
    assert response.json() == {"user_id": feed.user_id, "roles": ["trader"], "position": head(store)}
    assert_problem(client.post("/v1/market/prices", json=tick, headers=feed.headers), 401, "token_revoked")
    assert_problem(client.post("/v1/market/prices", json=tick, headers=login(client, "feed")), 403, "forbidden")


def test_409_role_not_revocable_when_not_held_or_trader(
    client: TestClient, store: EventStore, admin: Actor, alice: Actor
) -> None:
    before = head(store)

    for role in ("analyst", "trader"):
        response = client.delete(f"/v1/admin/users/{alice.user_id}/roles/{role}", headers=admin.headers)
        assert_problem(response, 409, "role_not_revocable")
    assert_problem(client.delete(f"/v1/admin/users/{uuid4()}/roles/analyst", headers=admin.headers), 404, "not_found")
    assert_problem(
        client.delete(f"/v1/admin/users/{alice.user_id}/roles/god", headers=admin.headers), 422, "validation_error"
    )
    assert_problem(
        client.delete(f"/v1/admin/users/{alice.user_id}/roles/trader", headers=alice.headers), 403, "forbidden"
    )
    assert head(store) == before
