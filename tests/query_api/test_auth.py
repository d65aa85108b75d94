"""Bearer tokens on the query API: only valid HS256 tokens of the shared secret pass."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest

from tests.query_api.support import JWT_SECRET, token


def _unsigned(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _bad_tokens(user: uuid.UUID) -> dict[str, str]:
    now = int(time.time())
    return {
        "expired": token(user, ttl=-10),
        "forged": token(user, secret="another-secret-0123456789abcdef-0123456789abcdef"),
        "alg_none": _unsigned({"sub": str(user), "roles": ["trader"], "exp": now + 600}),
        "hs512": jwt.encode({"sub": str(user), "roles": ["trader"], "exp": now + 600}, JWT_SECRET, algorithm="HS512"),
        "no_exp": jwt.encode({"sub": str(user), "roles": ["trader"]}, JWT_SECRET, algorithm="HS256"),
        "no_sub": jwt.encode({"roles": ["trader"], "exp": now + 600}, JWT_SECRET, algorithm="HS256"),
        "no_iat": token(user, iat=None),
        "no_roles": jwt.encode({"sub": str(user), "iat": now, "exp": now + 600}, JWT_SECRET, algorithm="HS256"),
        "sub_not_uuid": token("alice"),
        "unknown_role": token(user, "trader", "superuser"),
        "roles_not_list": token(user, roles="compliance"),
        "garbage": "not.a.jwt",
    }


@pytest.mark.parametrize("path", ["/v1/portfolios/me", "/v1/projections"])
def test_unauthorized_with_challenge_when_no_token(client, path: str):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "unauthorized"


@pytest.mark.parametrize("kind", list(_bad_tokens(uuid.uuid4())))
def test_invalid_token_when_token_is_bad(client, kind: str):
    user = uuid.uuid4()
    headers = {"Authorization": f"Bearer {_bad_tokens(user)[kind]}"}
    for path in ("/v1/portfolios/me", f"/v1/portfolios/{user}", "/v1/projections"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, (kind, path)
        assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
        assert response.json()["type"] == "invalid_token"


def test_unauthorized_when_scheme_is_not_bearer(client):
    response = client.get("/v1/portfolios/me", headers={"Authorization": f"Basic {token(uuid.uuid4())}"})
    assert response.status_code == 401
