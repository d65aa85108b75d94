"""Idempotency-Key: a replay answers the first result and writes nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import PASSWORD, Actor, assert_problem, deposit, head, set_price

DEPOSIT = {"amount": "25.00", "currency": "USD"}


def test_same_status_body_and_position_when_deposit_replayed(
    client: TestClient, store: EventStore, alice: Actor
) -> None:
    # Given a keyed deposit, followed by other writes
    first = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=alice.with_key("dep-1"))
    deposit(client, alice, "1.00")
    before = head(store)

    # When it is retried with the same key and body
    replay = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=alice.with_key("dep-1"))

    # Then the first answer comes back (its position too), marked as a replay, and nothing is written
    assert replay.status_code == first.status_code == 200
    assert replay.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    assert head(store) == before


def test_201_replayed_when_open_position_retried(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, "BTC-USD", "50000")
    body = {"symbol": "BTC-USD", "side": "long", "quantity": "0.01", "leverage": 5}
    first = client.post("/v1/positions", json=body, headers=alice.with_key("open-1"))
    set_price(client, feed, "BTC-USD", "60000")
    before = head(store)

    replay = client.post("/v1/positions", json=body, headers=alice.with_key("open-1"))

    assert (replay.status_code, replay.json()) == (201, first.json())
    assert head(store) == before


def test_replayed_when_close_retried(client: TestClient, store: EventStore, alice: Actor, feed: Actor) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, "BTC-USD", "50000")
    position_id = client.post(
        "/v1/positions", json={"symbol": "BTC-USD", "side": "long", "quantity": "0.01"}, headers=alice.headers
    ).json()["position_id"]
    first = client.post(f"/v1/positions/{position_id}/close", headers=alice.with_key("close-1"))
    before = head(store)

    # A plain retry would be 409 position_closed; the keyed retry answers the first result
    replay = client.post(f"/v1/positions/{position_id}/close", headers=alice.with_key("close-1"))

    assert (replay.status_code, replay.json()) == (200, first.json())
    assert head(store) == before


def test_201_replayed_when_registration_retried_anonymously(client: TestClient, store: EventStore) -> None:
    body = {"username": "carol", "email": "carol@example.com", "password": PASSWORD}
    first = client.post("/v1/users", json=body, headers={"Idempotency-Key": "reg-1"})
    before = head(store)

    replay = client.post("/v1/users", json=body, headers={"Idempotency-Key": "reg-1"})

    assert (replay.status_code, replay.json()) == (201, first.json())
    assert head(store) == before


def test_201_for_both_when_two_strangers_register_with_the_same_key(client: TestClient, store: EventStore) -> None:
    # Given a stranger registered carol with the key "signup"
    carol = {"username": "carol", "email": "carol@example.com", "password": PASSWORD}
    first = client.post("/v1/users", json=carol, headers={"Idempotency-Key": "signup"})

    # When another stranger registers dave with the very same key
    dave = {"username": "dave", "email": "dave@example.com", "password": "another password"}
    second = client.post("/v1/users", json=dave, headers={"Idempotency-Key": "signup"})

    # Then both sign-ups succeed: anonymous keys are scoped by the claimed username
    assert first.status_code == second.status_code == 201, second.text
    assert first.json()["user_id"] != second.json()["user_id"]
    assert client.post("/v1/auth/token", json={"username": "dave", "password": "another password"}).status_code == 200


@pytest.mark.parametrize(
    "other",
    [
        {"amount": "26.00", "currency": "USD"},
        {"amount": "25.0", "currency": "USD"},  # another body, even if the same number
    ],
)
def test_422_idempotency_key_reused_when_same_key_has_another_body(
    client: TestClient, store: EventStore, alice: Actor, other: dict[str, str]
) -> None:
    client.post("/v1/wallet/deposits", json=DEPOSIT, headers=alice.with_key("dep-1"))
    before = head(store)

    response = client.post("/v1/wallet/deposits", json=other, headers=alice.with_key("dep-1"))

    assert_problem(response, 422, "idempotency_key_reused")
    assert head(store) == before


def test_422_idempotency_key_reused_when_same_key_on_another_command(
    client: TestClient, store: EventStore, alice: Actor
) -> None:
    # Given a keyed deposit of 25.00 (cash 25.00)
    client.post("/v1/wallet/deposits", json=DEPOSIT, headers=alice.with_key("k"))
    before = head(store)

    # When a withdrawal with the very same body reuses the key
    response = client.post("/v1/wallet/withdrawals", json=DEPOSIT, headers=alice.with_key("k"))

    # Then it is refused rather than answered with the deposit's result
    assert_problem(response, 422, "idempotency_key_reused")
    assert head(store) == before


def test_422_idempotency_key_reused_when_registration_key_reused_with_another_password(client: TestClient) -> None:
    body = {"username": "carol", "email": "carol@example.com", "password": PASSWORD}
    client.post("/v1/users", json=body, headers={"Idempotency-Key": "reg-1"})

    response = client.post(
        "/v1/users", json={**body, "password": "another password"}, headers={"Idempotency-Key": "reg-1"}
    )

    assert_problem(response, 422, "idempotency_key_reused")


def test_applied_twice_when_another_user_uses_the_same_key(
    client: TestClient, store: EventStore, alice: Actor, bob: Actor
) -> None:
    first = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=alice.with_key("shared"))

    second = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=bob.with_key("shared"))

    assert second.status_code == 200
    assert "idempotent-replayed" not in second.headers
    assert second.json()["position"] > first.json()["position"]


def test_refusal_not_remembered_when_keyed_command_is_refused(client: TestClient, alice: Actor) -> None:
    # A refused command stores no answer: once funded, the same keyed request succeeds
    refused = client.post("/v1/wallet/withdrawals", json=DEPOSIT, headers=alice.with_key("w-1"))
    deposit(client, alice, "30.00")

    retried = client.post("/v1/wallet/withdrawals", json=DEPOSIT, headers=alice.with_key("w-1"))

    assert_problem(refused, 409, "insufficient_funds")
    assert retried.status_code == 200


@pytest.mark.parametrize("key", ["", "k" * 129, "tab\there", "é-accent", "nul\x7f"])
def test_422_when_idempotency_key_is_malformed(client: TestClient, store: EventStore, alice: Actor, key: str) -> None:
    before = head(store)

    response = client.post(
        "/v1/wallet/deposits",
        json=DEPOSIT,
        headers={**alice.headers, "Idempotency-Key": key.encode("latin-1")},  # type: ignore[arg-type]  # raw bytes on purpose
    )

    assert_problem(response, 422, "validation_error")
    assert head(store) == before


def test_accepted_when_idempotency_key_is_128_printable_chars(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/wallet/deposits", json=DEPOSIT, headers=alice.with_key("~" * 64 + " !" * 32))

    assert response.status_code == 200
