"""Bearer tokens: every forged, expired or malformed token is 401; a wrong role is 403."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import jwt
import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import JWT_SECRET, Actor, assert_problem, head

DEPOSIT = {"amount": "10.00", "currency": "USD"}


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(actor: Actor, **changes: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {"sub": actor.user_id, "iat": now, "exp": now + 600, "roles": ["trader"]}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _alg_none(actor: Actor) -> str:
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(actor))}."


def _wrong_key(actor: Actor) -> str:
    return jwt.encode(_claims(actor), "another-secret-0123456789abcdef-0123456789", algorithm="HS256")


def _hs512(actor: Actor) -> str:
    return jwt.encode(_claims(actor), JWT_SECRET, algorithm="HS512")


def _expired(actor: Actor) -> str:
    past = int(time.time()) - 3600
    return jwt.encode(_claims(actor, iat=past - 900, exp=past), JWT_SECRET, algorithm="HS256")


def _tampered_roles(actor: Actor) -> str:
    header, _, signature = actor.headers["Authorization"].removeprefix("Bearer ").split(".")
    return f"{header}.{_b64(_claims(actor, roles=['trader', 'admin']))}.{signature}"


def _signed(**changes: object) -> Callable[[Actor], str]:
    return lambda actor: jwt.encode(_claims(actor, **changes), JWT_SECRET, algorithm="HS256")


FORGERIES: dict[str, Callable[[Actor], str]] = {
    "alg_none": _alg_none,
    "wrong_key": _wrong_key,
    "unpinned_algorithm_hs512": _hs512,
    "expired": _expired,
    "tampered_roles": _tampered_roles,
    "missing_exp": _signed(exp=None),
    "missing_sub": _signed(sub=None),
    "missing_iat": _signed(iat=None),
    "sub_not_a_uuid": _signed(sub="alice"),
    "roles_not_a_list": _signed(roles="admin"),
    "unknown_role": _signed(roles=["trader", "god"]),
    "garbage": lambda _: "not.a.jwt",
    "empty_segments": lambda _: "..",
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_401_invalid_token_when_token_is_forged_or_malformed(
    client: TestClient, store: EventStore, alice: Actor, forge: Callable[[Actor], str]
) -> None:
    before = head(store)

    response = client.post("/v1/wallet/deposits", json=DEPOSIT, headers={"Authorization": f"Bearer {forge(alice)}"})

    assert_problem(response, 401, "invalid_token")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert head(store) == before


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic YWxpY2U6cHc=", "Token abc"])
def test_401_unauthorized_when_bearer_token_is_missing(client: TestClient, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}

    response = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=headers)

    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_accepted_when_token_is_signed_right_for_a_registered_user(client: TestClient, alice: Actor) -> None:
    token = jwt.encode(_claims(alice), JWT_SECRET, algorithm="HS256")

    response = client.post("/v1/wallet/deposits", json=DEPOSIT, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200


def test_403_when_trader_records_a_price(client: TestClient, store: EventStore, alice: Actor) -> None:
    before = head(store)

    response = client.post("/v1/market/prices", json={"symbol": "BTC-USD", "price": "1"}, headers=alice.headers)

    assert_problem(response, 403, "forbidden")
    assert head(store) == before


def test_403_when_trader_grants_a_role(client: TestClient, store: EventStore, alice: Actor, bob: Actor) -> None:
    before = head(store)

    response = client.post(f"/v1/admin/users/{alice.user_id}/roles", json={"role": "admin"}, headers=alice.headers)

    assert_problem(response, 403, "forbidden")
    assert head(store) == before
