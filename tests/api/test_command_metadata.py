"""Every command's events carry its actor, correlation id and idempotency key."""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient

from event_store.application import EventStore
from event_store.log import EventLog
from tests.api.support import PASSWORD, Actor, head


def _last_metadata(store: EventStore) -> dict[str, object]:
    [logged] = EventLog(store).read(after=head(store) - 1, upto=head(store), limit=1)
    return logged.metadata


def test_actor_correlation_and_key_recorded_when_command_carries_them(
    client: TestClient, store: EventStore, alice: Actor
) -> None:
    headers = {**alice.with_key("dep-7"), "X-Correlation-ID": "req-42.a:b"}

    response = client.post("/v1/wallet/deposits", json={"amount": "5.00", "currency": "USD"}, headers=headers)

    assert response.headers["x-correlation-id"] == "req-42.a:b"
    assert _last_metadata(store) == {
        "actor": alice.user_id,
        "correlation_id": "req-42.a:b",
        "causation_id": None,
        "idempotency_key": "dep-7",
    }


def test_fresh_uuid4_correlation_id_when_header_is_missing_or_malformed(
    client: TestClient, store: EventStore, alice: Actor
) -> None:
    headers = {**alice.headers, "X-Correlation-ID": "bad id with spaces; DROP TABLE"}

    response = client.post("/v1/wallet/deposits", json={"amount": "5.00", "currency": "USD"}, headers=headers)

    correlation_id = response.headers["x-correlation-id"]
    assert UUID(correlation_id).version == 4
    assert _last_metadata(store)["correlation_id"] == correlation_id
    assert _last_metadata(store)["idempotency_key"] is None


def test_anonymous_actor_when_registering(client: TestClient, store: EventStore) -> None:
    client.post("/v1/users", json={"username": "dave", "email": "dave@example.com", "password": PASSWORD})

    assert _last_metadata(store)["actor"] is None


def test_correlation_id_echoed_when_request_is_refused(client: TestClient) -> None:
    response = client.post("/v1/wallet/deposits", json={}, headers={"X-Correlation-ID": "c-1"})

    assert response.status_code == 401
    assert response.headers["x-correlation-id"] == "c-1"
