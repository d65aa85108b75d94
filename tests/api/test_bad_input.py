"""Malformed input on every command endpoint: 422 problem documents, no write, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import PASSWORD, Actor, assert_problem, head

VALID: dict[str, dict[str, object]] = {
    "register": {"username": "zed", "email": "zed@example.com", "password": PASSWORD},
    "token": {"username": "alice", "password": PASSWORD},
    "grant": {"role": "analyst"},
    "deposit": {"amount": "10.00", "currency": "USD"},
    "withdraw": {"amount": "10.00", "currency": "USD"},
    "price": {"symbol": "BTC-USD", "price": "50000"},
    "open": {"symbol": "BTC-USD", "side": "long", "quantity": "0.01", "leverage": 2},
}
BAD_CASH = [
    10,
    10.5,
    0,
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e3",
    "1E3",
    "1.001",
    "-5.00",
    "0",
    "0.00",
    "1000000.01",
    "99999999999999999999",
    "+5",
    "05",
    " 5",
    "5 ",
    "5\n",
    "\u0665",
    "\uff11\uff10",
    "5.",
    ".5",
    "1_000",
    "1,000.00",
    "0x10",
    "10.00\u0000",
    "",
    True,
    None,
    [],
    {},
    ["10.00"],
    "1" * 5000,
]
BAD_FIELDS: dict[str, dict[str, list[Any]]] = {
    "register": {
        "username": [
            "ab",
            "a" * 33,
            "\u0430lice",
            "alice\u200b",
            "ali ce",
            "alice'; DROP TABLE users;--",
            "",
            123,
            "\uff21\uff2c\uff29\uff23\uff25",
            "alice\n",
            "al\u0000ice",
            None,
        ],
        "email": [
            "not-an-email",
            "a@b",
            "alice@example.com\n",
            "<script>@x.com",
            "alice@exa mple.com",
            "a" * 250 + "@x.io",
            "\u0430\u043b\u0438@\u043f\u0440.\u0440\u0444",
            "a..b@x.io",
            ".a@x.io",
            "a@-x.io",
            5,
            None,
        ],
        "password": ["", "p" * 129, 12345678, None, ["correct horse"]],  # short: weak_password (test_users)
    },
    "token": {"username": ["", 1, "u" * 65, None], "password": ["", "p" * 129, None, 12345678]},
    "grant": {"role": ["god", "ADMIN", "", None, 1, ["admin"]]},
    "deposit": {"amount": BAD_CASH, "currency": ["usd", "EUR", "", 1, None]},
    "withdraw": {"amount": BAD_CASH, "currency": ["usd", "EUR"]},
    "price": {
        "symbol": ["btc-usd", "BTCUSD", "BTC-USD\n", "B-USD", "BTC-US", "BTC-USDTXX", "", 1, "BTC\u2010USD"],
        "price": ["1000000000.00000001", "0.000000001", "1000000001", 50000, "5e4", "-1", "0", "NaN", None],
    },
    "open": {
        "symbol": ["btc-usd", "BTC_USD", None],
        "side": ["LONG", "buy", "", None, 1, ["long"]],
        "quantity": ["0.000000001", "1000000.00000001", "0", 0.01, "1e-2", "-0.01", None],
        "leverage": [0, 11, -1, True, False, "5", 5.0, 2.5, None, 10**30],
    },
}
RAW_BODIES: dict[str, bytes] = {
    "not_json": b"not json",
    "truncated": b'{"amount": "10.00", "currency": "USD"',
    "nan_literal": b'{"amount": NaN, "currency": "USD"}',
    "infinity_literal": b'{"amount": Infinity, "currency": "USD"}',
    "huge_exponent": b'{"amount": 1e999, "currency": "USD"}',
    "huge_integer": b'{"amount": ' + b"9" * 5000 + b', "currency": "USD"}',
    "array": b"[]",
    "string": b'"10.00"',
    "null": b"null",
    "empty": b"",
    "invalid_utf8": b'{"amount": "\xff\xfe", "currency": "USD"}',
    "deep_arrays": b"[" * 20000 + b"]" * 20000,
    "deep_objects": b'{"a":' * 6000 + b"1" + b"}" * 6000,
    "lone_surrogate_key": b'{"amount": "10.00", "currency": "USD", "\\ud800": 1}',
    "lone_surrogate_value": b'{"amount": "\\udfff", "currency": "USD"}',
    "huge_string": json.dumps({"amount": "1" * 60000, "currency": "USD"}).encode(),
}


def _endpoint(name: str, request: pytest.FixtureRequest) -> tuple[str, dict[str, str]]:
    """The path and headers of an endpoint; actors are registered only when the endpoint needs them."""

    def actor(fixture: str) -> Actor:
        found: Actor = request.getfixturevalue(fixture)
        return found

    if name == "grant":
        return f"/v1/admin/users/{uuid4()}/roles", actor("admin").headers
    if name == "price":
        return "/v1/market/prices", actor("feed").headers
    paths = {
        "register": "/v1/users",
        "token": "/v1/auth/token",
        "deposit": "/v1/wallet/deposits",
        "withdraw": "/v1/wallet/withdrawals",
        "open": "/v1/positions",
    }
    return paths[name], actor("alice").headers if name in ("deposit", "withdraw", "open") else {}


def _field_cases() -> list[Any]:
    return list(_generate_field_cases())


def _generate_field_cases() -> Iterator[Any]:
    for endpoint, fields in BAD_FIELDS.items():
        for field, values in fields.items():
            for i, value in enumerate(values):
                yield pytest.param(endpoint, {**VALID[endpoint], field: value}, id=f"{endpoint}-{field}-{i}")
    for endpoint, body in VALID.items():
        yield pytest.param(endpoint, {**body, "unexpected": 1}, id=f"{endpoint}-unknown-field")
        first = next(iter(body))
        yield pytest.param(endpoint, {k: v for k, v in body.items() if k != first}, id=f"{endpoint}-missing-{first}")


@pytest.mark.parametrize(("endpoint", "body"), _field_cases())
def test_422_and_no_event_when_field_is_malformed(
    client: TestClient, store: EventStore, request: pytest.FixtureRequest, endpoint: str, body: dict[str, Any]
) -> None:
    path, headers = _endpoint(endpoint, request)
    before = head(store)

    response = client.post(path, json=body, headers=headers)

    assert_problem(response, 422, "validation_error")
    assert head(store) == before


@pytest.mark.parametrize("raw", RAW_BODIES.values(), ids=RAW_BODIES.keys())
@pytest.mark.parametrize("endpoint", ["register", "deposit", "open"])
def test_422_and_no_event_when_body_is_not_a_valid_json_object(
    client: TestClient, store: EventStore, request: pytest.FixtureRequest, endpoint: str, raw: bytes
) -> None:
    path, headers = _endpoint(endpoint, request)
    before = head(store)

    response = client.post(path, content=raw, headers={**headers, "Content-Type": "application/json"})

    assert_problem(response, 422, "validation_error")
    assert head(store) == before


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
    ],
)
def test_422_when_content_type_is_not_json(
    client: TestClient, store: EventStore, alice: Actor, content_type: str
) -> None:
    before = head(store)
    raw = "amount=10.00&currency=USD" if "json" not in content_type else '{"amount": "1\u00e9", "currency": "USD"}'

    response = client.post(
        "/v1/wallet/deposits", content=raw.encode("latin-1"), headers={**alice.headers, "Content-Type": content_type}
    )

    assert_problem(response, 422, "validation_error")
    assert head(store) == before


def test_413_when_body_exceeds_64_kib(client: TestClient, store: EventStore, alice: Actor) -> None:
    before = head(store)
    body = json.dumps({"amount": "10.00", "currency": "USD", "pad": "x" * 70_000})

    response = client.post(
        "/v1/wallet/deposits", content=body, headers={**alice.headers, "Content-Type": "application/json"}
    )

    assert_problem(response, 413, "payload_too_large")
    assert head(store) == before


def test_413_when_chunked_body_exceeds_64_kib(client: TestClient, alice: Actor) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"amount": "10.00", "currency": "USD", "pad": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    response = client.post(
        "/v1/wallet/deposits", content=chunks(), headers={**alice.headers, "Content-Type": "application/json"}
    )

    assert_problem(response, 413, "payload_too_large")


def test_problem_json_404_and_405_when_path_or_method_is_wrong(client: TestClient, alice: Actor) -> None:
    assert_problem(client.post("/v1/nowhere", json={}, headers=alice.headers), 404, "not_found")
    assert_problem(client.get("/v1/wallet/deposits", headers=alice.headers), 405, "method_not_allowed")
