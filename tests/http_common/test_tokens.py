"""The one token policy of both APIs: what ``Tokens.issue`` writes is what ``TokenVerifier.verify`` requires."""

from __future__ import annotations

import time
from uuid import uuid4

import jwt
import pytest

from http_common.tokens import InvalidToken, Principal, Tokens, TokenVerifier

SECRET = "http-common-test-secret-0123456789abcdef-0123456789abcdef-01234567"


def _signed(**claims: object) -> str:
    now = int(time.time())
    body: dict[str, object] = {"sub": str(uuid4()), "iat": now, "exp": now + 600, "roles": ["trader"], **claims}
    return jwt.encode({k: v for k, v in body.items() if v is not None}, SECRET, algorithm="HS256")


def test_verifier_accepts_what_the_issuer_signs_when_secrets_match() -> None:
    user = uuid4()

    token = Tokens(SECRET, ttl_seconds=60).issue(user, ["trader", "analyst"])

    assert TokenVerifier(SECRET).verify(token) == Principal(user, frozenset({"trader", "analyst"}))


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "roles"])
def test_invalid_when_a_required_claim_is_missing(missing: str) -> None:
    with pytest.raises(InvalidToken):
        TokenVerifier(SECRET).verify(_signed(**{missing: None}))


def test_invalid_when_issued_tokens_have_expired() -> None:
    token = Tokens(SECRET, ttl_seconds=60, now=lambda: time.time() - 3600).issue(uuid4(), ["trader"])

    with pytest.raises(InvalidToken):
        TokenVerifier(SECRET).verify(token)


def test_invalid_when_signed_with_another_algorithm() -> None:
    token = jwt.encode({"sub": str(uuid4()), "iat": 1, "exp": 2**40, "roles": []}, SECRET, algorithm="HS512")

    with pytest.raises(InvalidToken):
        TokenVerifier(SECRET).verify(token)


def test_a_remembered_token_is_refused_once_it_has_expired() -> None:
    verifier = TokenVerifier(SECRET)
    token = _signed(exp=int(time.time()) + 1)
    assert verifier.verify(token).roles == frozenset({"trader"})  # verified, so remembered

    time.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)

    with pytest.raises(InvalidToken):
        verifier.verify(token)


def test_a_forged_signature_is_refused_after_the_genuine_token_was_verified() -> None:
    verifier = TokenVerifier(SECRET)
    genuine = _signed()
    verifier.verify(genuine)
    header, payload, signature = genuine.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"

    with pytest.raises(InvalidToken):
        verifier.verify(forged)


def test_the_login_and_token_generation_round_trip_when_issued() -> None:
    user, login = uuid4(), uuid4()

    token = Tokens(SECRET, ttl_seconds=60).issue(user, ["trader"], login, 3)

    assert TokenVerifier(SECRET).verify(token) == Principal(user, frozenset({"trader"}), login, 3)


@pytest.mark.parametrize("claims", [{"sid": "not-a-uuid"}, {"sid": 7}, {"gen": -1}, {"gen": "3"}, {"gen": True}])
def test_invalid_when_the_login_or_generation_claim_is_malformed(claims: dict[str, object]) -> None:
    with pytest.raises(InvalidToken):
        TokenVerifier(SECRET).verify(_signed(**claims))
