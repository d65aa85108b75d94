"""Sessions (api.md "Accounts and sessions"): refresh tokens, logout, and revocation on both APIs.

Revocation reaches every process within TOKEN_CHECK_CACHE_SECONDS (≤ 1 s); these tests ask a
process that has not yet cached the caller, or wait out that bound where they say so.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from event_store.application import EventStore
from tests.api.support import PASSWORD, Actor, assert_problem, deposit, head, make_with_role, register

WITHDRAW = {"amount": "1.00", "currency": "USD"}


def sign_in(client: TestClient, username: str) -> dict[str, Any]:
    response = client.post("/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return dict(response.json())


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def refresh(client: TestClient, token: str) -> httpx.Response:
    return client.post("/v1/auth/refresh", json={"refresh_token": token})


def stored_bytes(store: EventStore) -> bytes:
    """Every stored event, idempotency answer and access row, as one byte string to search."""
    with store.store.datastore.get_connection() as conn:
        rows = conn.execute("SELECT state FROM astratrade_events").fetchall()
        answers = conn.execute("SELECT body::text AS body FROM idempotency_keys").fetchall()
    return b"".join(bytes(r["state"]) for r in rows) + "".join(r["body"] for r in answers).encode()


def test_15_minute_access_tokens_by_default() -> None:
    assert Settings.model_fields["jwt_ttl_seconds"].default == 900


def test_login_answers_a_refresh_token_stored_only_as_a_hash(client: TestClient, store: EventStore) -> None:
    register(client, "alice")

    tokens = sign_in(client, "alice")

    assert tokens["expires_in"] == 900 and tokens["refresh_expires_in"] == 30 * 86400
    assert isinstance(tokens["refresh_token"], str) and len(tokens["refresh_token"]) > 40
    assert tokens["refresh_token"].encode() not in stored_bytes(store)
    assert tokens["refresh_token"].split(".")[1].encode() not in stored_bytes(store)


def test_refresh_rotates_the_tokens_when_the_current_one_is_presented(
    client: TestClient, query: TestClient, store: EventStore
) -> None:
    register(client, "alice")
    first = sign_in(client, "alice")

    response = refresh(client, first["refresh_token"])

    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["expires_in"] == 900
    assert deposit(client, Actor("", "alice", bearer(second)), "5.00").status_code == 200
    assert query.get("/v1/projections", headers=bearer(second)).status_code == 200
    # the rotation is no revocation: the first access token of the login still works
    assert (
        client.post(
            "/v1/wallet/deposits", json={"amount": "1.00", "currency": "USD"}, headers=bearer(first)
        ).status_code
        == 200
    )
    assert second["refresh_token"].encode() not in stored_bytes(store)


def test_401_token_reused_and_the_whole_login_revoked_when_a_spent_refresh_token_is_presented(
    client: TestClient, query: TestClient
) -> None:
    # Given alice's login, refreshed once (a thief kept the first refresh token)
    register(client, "alice")
    first = sign_in(client, "alice")
    second = refresh(client, first["refresh_token"]).json()
    other_device = sign_in(client, "alice")

    # When the spent token is presented again
    reused = refresh(client, first["refresh_token"])

    # Then it is refused, and every token of that login is dead: both access tokens, the newest refresh token
    assert_problem(reused, 401, "token_reused")
    assert_problem(refresh(client, second["refresh_token"]), 401, "token_revoked")
    assert_problem(refresh(client, first["refresh_token"]), 401, "token_reused")
    for tokens in (first, second):
        assert_problem(client.post("/v1/wallet/deposits", json=WITHDRAW, headers=bearer(tokens)), 401, "token_revoked")
        assert_problem(query.get("/v1/projections", headers=bearer(tokens)), 401, "token_revoked")
    # ...while another login of alice's is untouched
    assert query.get("/v1/projections", headers=bearer(other_device)).status_code == 200


def test_401_invalid_token_when_the_refresh_token_is_unknown_or_malformed(client: TestClient) -> None:
    register(client, "alice")
    real = sign_in(client, "alice")["refresh_token"]
    login_hex = real.split(".")[0]

    for token in ("garbage", f"{login_hex}.not-the-secret", "0" * 32 + ".secret", f"{login_hex}", "."):
        assert_problem(refresh(client, token), 401, "invalid_token")
    assert refresh(client, real).status_code == 200  # a wrong guess does not end the login


def test_422_when_the_refresh_body_is_malformed(client: TestClient) -> None:
    for body in ({}, {"refresh_token": 5}, {"refresh_token": ""}, {"refresh_token": "x", "extra": 1}):
        assert_problem(client.post("/v1/auth/refresh", json=body), 422, "validation_error")


def test_logout_revokes_the_login_on_both_apis_and_leaves_other_logins(
    client: TestClient, query: TestClient, store: EventStore
) -> None:
    register(client, "alice")
    phone, laptop = sign_in(client, "alice"), sign_in(client, "alice")

    response = client.post("/v1/auth/logout", headers=bearer(phone))

    assert response.status_code == 200, response.text
    assert response.json()["logged_out"] is True and response.json()["position"] == head(store)
    assert_problem(client.post("/v1/wallet/deposits", json=WITHDRAW, headers=bearer(phone)), 401, "token_revoked")
    assert_problem(query.get("/v1/projections", headers=bearer(phone)), 401, "token_revoked")
    assert_problem(refresh(client, phone["refresh_token"]), 401, "token_revoked")
    assert_problem(client.post("/v1/auth/logout", headers=bearer(phone)), 401, "token_revoked")
    assert query.get("/v1/projections", headers=bearer(laptop)).status_code == 200
    assert refresh(client, laptop["refresh_token"]).status_code == 200


def test_401_when_logging_out_without_a_token(client: TestClient) -> None:
    assert_problem(client.post("/v1/auth/logout"), 401, "unauthorized")


def test_409_no_login_when_the_token_names_no_login(client: TestClient, app: Any, alice: Actor) -> None:
    from uuid import UUID  # noqa: PLC0415

    legacy = app.state.container.tokens.issue(UUID(alice.user_id), ["trader"])  # no sid: minted before logins

    assert_problem(client.post("/v1/auth/logout", headers={"Authorization": f"Bearer {legacy}"}), 409, "no_login")


def test_erased_users_tokens_are_revoked_on_both_apis(
    client: TestClient, query: TestClient, store: EventStore, admin: Actor
) -> None:
    # Given alice, funded, whose token both APIs have already admitted (and cached)
    register(client, "alice")
    tokens = sign_in(client, "alice")
    deposit(client, Actor("", "alice", bearer(tokens)), "50.00")
    assert query.get("/v1/projections", headers=bearer(tokens)).status_code == 200
    user_id = client.post("/v1/auth/logout", headers=bearer(sign_in(client, "alice"))).json()  # a spare login
    assert user_id["logged_out"]

    # When compliance (here the admin) erases her
    alice_id = _user_id(client, tokens)
    assert client.post(f"/v1/users/{alice_id}/erasure", headers=admin.headers).status_code == 200
    time.sleep(1.05)  # past TOKEN_CHECK_CACHE_SECONDS: the bound on how stale either API may be
    before = head(store)

    # Then her token neither withdraws nor trades nor reads, and her refresh token is dead
    assert_problem(client.post("/v1/wallet/withdrawals", json=WITHDRAW, headers=bearer(tokens)), 401, "token_revoked")
    opening = {"symbol": "BTC-USD", "side": "long", "quantity": "0.01"}
    assert_problem(client.post("/v1/positions", json=opening, headers=bearer(tokens)), 401, "token_revoked")
    assert_problem(query.get("/v1/projections", headers=bearer(tokens)), 401, "token_revoked")
    assert_problem(refresh(client, tokens["refresh_token"]), 401, "token_revoked")
    assert head(store) == before


def test_erased_admin_cannot_grant_a_role(client: TestClient, store: EventStore, admin: Actor) -> None:
    # Given a second admin, erased by the first
    second = make_with_role(client, admin, "second", "admin")
    bob = register(client, "bob")
    assert client.post(f"/v1/users/{second.user_id}/erasure", headers=admin.headers).status_code == 200
    before = head(store)

    # When the erased admin's token grants a role
    response = client.post(f"/v1/admin/users/{bob}/roles", json={"role": "admin"}, headers=second.headers)

    # Then it is refused and nothing is written
    assert_problem(response, 401, "token_revoked")
    assert head(store) == before


def test_role_grant_revokes_old_tokens_and_a_new_login_has_the_role(
    client: TestClient, query: TestClient, admin: Actor
) -> None:
    register(client, "feed")
    old = sign_in(client, "feed")
    feed_id = _user_id(client, old)

    granted = client.post(f"/v1/admin/users/{feed_id}/roles", json={"role": "price_feed"}, headers=admin.headers)

    assert granted.status_code == 200, granted.text
    tick = {"symbol": "BTC-USD", "price": "100"}
    assert_problem(client.post("/v1/market/prices", json=tick, headers=bearer(old)), 401, "token_revoked")
    assert_problem(query.get("/v1/projections", headers=bearer(old)), 401, "token_revoked")
    assert_problem(refresh(client, old["refresh_token"]), 401, "token_revoked")
    new = sign_in(client, "feed")
    assert client.post("/v1/market/prices", json=tick, headers=bearer(new)).status_code == 201
    assert refresh(client, new["refresh_token"]).status_code == 200


def test_a_revocation_reaches_the_query_api_within_one_second(client: TestClient, query: TestClient) -> None:
    register(client, "alice")
    tokens = sign_in(client, "alice")
    assert query.get("/v1/projections", headers=bearer(tokens)).status_code == 200  # cached there now

    assert client.post("/v1/auth/logout", headers=bearer(tokens)).status_code == 200
    logged_out = time.monotonic()
    while query.get("/v1/projections", headers=bearer(tokens)).status_code == 200:
        time.sleep(0.02)
    assert time.monotonic() - logged_out <= 1.1


def _user_id(client: TestClient, tokens: dict[str, Any]) -> str:
    import jwt  # noqa: PLC0415

    return str(jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"])


def test_racing_refreshes_with_one_token_count_as_reuse(client: TestClient) -> None:
    # Given one refresh token presented by two parties at once
    register(client, "alice")
    token = sign_in(client, "alice")["refresh_token"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: refresh(client, token), range(2)))

    # Then at most one got new tokens; a loser saw reuse, and the login is ended either way once reuse was seen
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([200, 401], [401, 401]), [a.text for a in answers]
    assert any(a.status_code == 401 and a.json()["type"] == "token_reused" for a in answers)
    winner = next((a.json() for a in answers if a.status_code == 200), None)
    if winner is not None:
        assert_problem(refresh(client, winner["refresh_token"]), 401, "token_revoked")
