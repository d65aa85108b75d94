"""API keys (api.md "Accounts and sessions"): issued once, hashed, scoped, revocable, on both APIs."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import Actor, assert_problem, deposit, head
from tests.api.test_sessions import stored_bytes

DEPOSIT = {"amount": "10.00", "currency": "USD"}


def issue(client: TestClient, actor: Actor, *scopes: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/api-keys", json={"name": "bot", "scopes": list(scopes), **extra}, headers=actor.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def key_header(issued: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"ApiKey {issued['key']}"}


def test_201_and_the_key_shown_once_stored_only_as_a_hash(
    client: TestClient, query: TestClient, store: EventStore, alice: Actor
) -> None:
    issued = issue(client, alice, "trade", "read", **{"expires_at": "2099-01-01T00:00:00Z"})

    assert issued["key"].startswith("atk_") and issued["scopes"] == ["read", "trade"]
    assert issued["position"] == head(store)
    assert issued["key"].encode() not in stored_bytes(store)
    assert issued["key"].split("_", 2)[2].encode() not in stored_bytes(store)
    listed = query.get("/v1/api-keys", headers=alice.headers)
    assert listed.status_code == 200, listed.text
    assert [k["api_key_id"] for k in listed.json()["api_keys"]] == [issued["api_key_id"]]
    assert issued["key"] not in listed.text and "hash" not in listed.text
    assert listed.json()["api_keys"][0]["expires_at"].startswith("2099-01-01")


def test_an_idempotent_replay_never_shows_the_key_again(client: TestClient, store: EventStore, alice: Actor) -> None:
    body = {"name": "bot", "scopes": ["read"]}
    first = client.post("/v1/api-keys", json=body, headers=alice.with_key("k-1"))

    again = client.post("/v1/api-keys", json=body, headers=alice.with_key("k-1"))

    assert first.status_code == again.status_code == 201
    assert again.json()["api_key_id"] == first.json()["api_key_id"] and again.json()["key"] is None
    assert first.json()["key"].encode() not in stored_bytes(store)


def test_keys_are_listed_to_their_owner_only(client: TestClient, query: TestClient, alice: Actor, bob: Actor) -> None:
    issue(client, alice, "read")

    assert query.get("/v1/api-keys", headers=bob.headers).json() == {"api_keys": []}
    assert_problem(query.get("/v1/api-keys"), 401, "unauthorized")


@pytest.mark.parametrize(
    "body",
    [
        {"name": "bot", "scopes": []},
        {"name": "bot", "scopes": ["admin"]},
        {"name": "bot", "scopes": ["read", "withdraw"]},
        {"name": "", "scopes": ["read"]},
        {"name": "bot", "scopes": "read"},
        {"name": "bot", "scopes": ["read"], "expires_at": "tomorrow"},
        {"name": "bot", "scopes": ["read"], "expires_at": "2099-01-01T00:00:00"},  # no time zone
        {"name": "bot", "scopes": ["read"], "extra": True},
    ],
)
def test_422_when_the_key_request_is_malformed(
    client: TestClient, store: EventStore, alice: Actor, body: dict[str, Any]
) -> None:
    before = head(store)

    assert_problem(client.post("/v1/api-keys", json=body, headers=alice.headers), 422, "validation_error")
    assert head(store) == before


def test_422_when_the_key_would_be_born_expired(client: TestClient, store: EventStore, alice: Actor) -> None:
    body = {"name": "bot", "scopes": ["read"], "expires_at": "2020-01-01T00:00:00Z"}

    assert_problem(client.post("/v1/api-keys", json=body, headers=alice.headers), 422, "expires_at_in_past")


# (scope the key holds, API, method, path, body) → status; "cmd"/"qry" pick the app
SCOPE_MATRIX = [
    ("trade", "cmd", "POST", "/v1/wallet/deposits", DEPOSIT, 200),
    ("read", "cmd", "POST", "/v1/wallet/deposits", DEPOSIT, 403),
    ("backtest", "cmd", "POST", "/v1/wallet/deposits", DEPOSIT, 403),
    ("trade", "cmd", "POST", "/v1/positions", {"symbol": "BTC-USD", "side": "long", "quantity": "1"}, 409),
    ("read", "cmd", "POST", "/v1/positions", {"symbol": "BTC-USD", "side": "long", "quantity": "1"}, 403),
    ("read", "qry", "GET", "/v1/projections", None, 200),
    ("trade", "qry", "GET", "/v1/projections", None, 403),
    ("backtest", "qry", "GET", "/v1/projections", None, 403),
]


@pytest.mark.parametrize(
    ("scope", "api", "method", "path", "body", "status"),
    SCOPE_MATRIX,
    ids=[f"{s}-{m}-{p}" for s, _, m, p, _, _ in SCOPE_MATRIX],
)
def test_a_key_acts_within_its_scopes(
    client: TestClient,
    query: TestClient,
    alice: Actor,
    scope: str,
    api: str,
    method: str,
    path: str,
    body: Any,
    status: int,
) -> None:
    issued = issue(client, alice, scope)
    app = client if api == "cmd" else query

    response = app.request(method, path, json=body, headers=key_header(issued))

    assert response.status_code == status, response.text
    if status == 403:
        assert_problem(response, 403, "scope_missing")


NEVER_WITH_A_KEY = [
    ("POST", "/v1/wallet/withdrawals", DEPOSIT),
    ("POST", "/v1/users/{me}/erasure", None),
    ("POST", "/v1/api-keys", {"name": "child", "scopes": ["read"]}),
    ("DELETE", "/v1/api-keys/{key}", None),
    ("POST", "/v1/admin/users/{me}/roles", {"role": "analyst"}),
    ("POST", "/v1/market/prices", {"symbol": "BTC-USD", "price": "100"}),
    ("POST", "/v1/auth/logout", None),
]


@pytest.mark.parametrize(("method", "path", "body"), NEVER_WITH_A_KEY, ids=[p for _, p, _ in NEVER_WITH_A_KEY])
def test_403_scope_missing_when_a_key_of_an_admin_with_every_scope_does_what_no_key_may(
    client: TestClient, query: TestClient, store: EventStore, admin: Actor, method: str, path: str, body: Any
) -> None:
    issued = issue(client, admin, "read", "trade", "backtest")
    deposit(client, admin, "100.00")
    before = head(store)

    url = path.format(me=admin.user_id, key=issued["api_key_id"])
    response = client.request(method, url, json=body, headers=key_header(issued))

    assert_problem(response, 403, "scope_missing")
    assert head(store) == before


def test_403_scope_missing_when_a_key_lists_keys(client: TestClient, query: TestClient, alice: Actor) -> None:
    issued = issue(client, alice, "read", "trade", "backtest")

    assert_problem(query.get("/v1/api-keys", headers=key_header(issued)), 403, "scope_missing")


def test_an_admins_key_is_never_admin(client: TestClient, query: TestClient, admin: Actor) -> None:
    issued = issue(client, admin, "read", "trade")

    # analytics are readable by analysts and admins: the admin's login passes, the admin's read key does not
    assert query.get("/v1/analytics/volume", headers=admin.headers).status_code not in (401, 403)
    assert_problem(query.get("/v1/analytics/volume", headers=key_header(issued)), 403, "forbidden")


def test_owner_revokes_a_key_and_it_stops_on_both_apis(
    client: TestClient, query: TestClient, store: EventStore, alice: Actor
) -> None:
    issued = issue(client, alice, "read", "trade")
    assert query.get("/v1/projections", headers=key_header(issued)).status_code == 200  # cached there

    response = client.delete(f"/v1/api-keys/{issued['api_key_id']}", headers=alice.headers)

    assert response.status_code == 200, response.text
    assert response.json()["revoked"] is True and response.json()["position"] == head(store)
    assert_problem(client.post("/v1/wallet/deposits", json=DEPOSIT, headers=key_header(issued)), 401, "token_revoked")
    time.sleep(1.05)  # the query API may answer from what it remembered for up to TOKEN_CHECK_CACHE_SECONDS
    assert_problem(query.get("/v1/projections", headers=key_header(issued)), 401, "token_revoked")
    assert query.get("/v1/api-keys", headers=alice.headers).json() == {"api_keys": []}
    assert_problem(client.delete(f"/v1/api-keys/{issued['api_key_id']}", headers=alice.headers), 404, "not_found")


def test_404_when_revoking_another_users_key_or_an_unknown_one(
    client: TestClient, store: EventStore, alice: Actor, bob: Actor
) -> None:
    issued = issue(client, alice, "read")
    before = head(store)

    assert_problem(client.delete(f"/v1/api-keys/{issued['api_key_id']}", headers=bob.headers), 404, "not_found")
    assert_problem(client.delete(f"/v1/api-keys/{bob.user_id}", headers=bob.headers), 404, "not_found")
    assert head(store) == before
    assert (
        client.post("/v1/wallet/deposits", json=DEPOSIT, headers=key_header(issue(client, alice, "trade"))).status_code
        == 200
    )


def test_401_when_the_key_is_expired(client: TestClient, alice: Actor) -> None:
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    issued = issue(client, alice, "trade", expires_at=soon)
    time.sleep(1.1)

    assert_problem(client.post("/v1/wallet/deposits", json=DEPOSIT, headers=key_header(issued)), 401, "invalid_token")


def test_401_invalid_token_when_the_key_is_unknown_or_forged(client: TestClient, alice: Actor) -> None:
    issued = issue(client, alice, "trade")
    key_id_hex = issued["key"][4:36]

    for key in ("garbage", f"atk_{key_id_hex}_wrong-secret", "atk_" + "0" * 32 + "_secret", "atk_", "atk_zz"):
        response = client.post("/v1/wallet/deposits", json=DEPOSIT, headers={"Authorization": f"ApiKey {key}"})
        assert_problem(response, 401, "invalid_token")


def test_an_erased_users_keys_never_work_again(
    client: TestClient, query: TestClient, admin: Actor, alice: Actor
) -> None:
    issued = issue(client, alice, "read", "trade")

    assert client.post(f"/v1/users/{alice.user_id}/erasure", headers=admin.headers).status_code == 200

    assert_problem(client.post("/v1/wallet/deposits", json=DEPOSIT, headers=key_header(issued)), 401, "token_revoked")
    assert_problem(query.get("/v1/projections", headers=key_header(issued)), 401, "token_revoked")


def test_a_role_grant_leaves_keys_working_with_the_owners_live_roles(
    client: TestClient, query: TestClient, admin: Actor, alice: Actor
) -> None:
    issued = issue(client, alice, "read")
    assert_problem(query.get("/v1/analytics/volume", headers=key_header(issued)), 403, "forbidden")

    granted = client.post(f"/v1/admin/users/{alice.user_id}/roles", json={"role": "analyst"}, headers=admin.headers)
    assert granted.status_code == 200
    time.sleep(1.05)

    response = query.get("/v1/analytics/volume", headers=key_header(issued))
    assert response.status_code not in (401, 403), response.text
