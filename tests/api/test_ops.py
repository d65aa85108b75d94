"""GET /health, /ready, /metrics and /openapi.json."""

from __future__ import annotations

from uuid import uuid4

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from command_api.app import create_app
from event_store.application import EventStore
from services.errors import ConcurrencyConflict
from tests.api.conftest import make_settings
from tests.api.support import Actor, assert_problem, deposit, make_trader
from tests.support import SteppingClock


def test_200_ok_when_checking_health(client: TestClient) -> None:
    response = client.get("/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_200_ready_when_postgres_and_redis_answer(client: TestClient) -> None:
    response = client.get("/ready")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["checks"]) == ("ready", {"postgres": "ok", "redis": "ok"})
    # Starknet is not configured in tests: disabled, said so, and not a reason to be unready.
    assert body["components"]["starknet"]["status"] == "disabled"
    assert "STARKNET_RPC_URL" in body["components"]["starknet"]["missing"]


def test_503_not_ready_when_redis_is_unreachable(store: EventStore, clock: SteppingClock) -> None:
    app = create_app(make_settings("redis://127.0.0.1:1/0"), store=store, clock=clock)

    with TestClient(app) as client:
        response = client.get("/ready")

    body = assert_problem(response, 503, "not_ready")
    assert body["checks"] == {"postgres": "ok", "redis": "unreachable"}


def test_503_not_ready_when_postgres_is_unreachable(settings: Settings, es_env: dict[str, str]) -> None:
    closed = EventStore(env=es_env)
    closed.close()  # its pool can no longer reach the database

    with TestClient(create_app(settings, store=closed)) as client:
        response = client.get("/ready")

    assert assert_problem(response, 503, "not_ready")["checks"] == {"postgres": "unreachable", "redis": "ok"}


def test_counts_by_route_and_status_when_scraping_metrics(client: TestClient, alice: Actor) -> None:
    deposit(client, alice, "5.00")
    client.post("/v1/wallet/withdrawals", json={"amount": "6.00", "currency": "USD"}, headers=alice.headers)

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'astratrade_http_requests_total{method="POST",route="/v1/wallet/deposits",status="200"} 1.0' in text
    assert 'astratrade_http_requests_total{method="POST",route="/v1/wallet/withdrawals",status="409"} 1.0' in text
    assert 'astratrade_http_request_duration_seconds_count{method="POST",route="/v1/wallet/deposits"} 1.0' in text
    assert "astratrade_command_concurrency_conflicts_total 0.0" in text


def test_unmatched_label_when_path_is_unknown(client: TestClient) -> None:
    client.get("/no/such/path/12345")

    assert 'route="unmatched",status="404"' in client.get("/metrics").text


def test_separate_counts_when_two_apps_run_in_one_process(app: FastAPI, settings: Settings, store: EventStore) -> None:
    other = create_app(settings, store=store)
    with TestClient(app) as first, TestClient(other) as second:
        first.get("/health")

        assert 'route="/health"' in first.get("/metrics").text
        assert 'route="/health"' not in second.get("/metrics").text


def test_problem_responses_documented_when_reading_openapi(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    assert set(document["components"]["schemas"]["Problem"]["required"]) >= {"type", "title", "status", "detail"}
    expected = {
        ("/v1/users", 409),
        ("/v1/auth/token", 401),
        ("/v1/admin/users/{user_id}/roles", 403),
        ("/v1/admin/users/{user_id}/roles", 404),
        ("/v1/wallet/withdrawals", 409),
        ("/v1/market/prices", 403),
        ("/v1/positions", 409),
        ("/v1/positions/{position_id}/close", 404),
    }
    for path, status in expected:
        operation = document["paths"][path]["post"]
        assert "application/problem+json" in operation["responses"][str(status)]["content"], (path, status)
        assert "application/problem+json" in operation["responses"]["422"]["content"], path
        assert operation["description"], path


def test_503_service_unavailable_when_event_store_is_unreachable(settings: Settings, es_env: dict[str, str]) -> None:
    # Given an app whose event store lost its database after a user logged in
    store = EventStore(env=es_env)
    with TestClient(create_app(settings, store=store)) as client:
        alice = make_trader(client, "alice")
        store.close()

        # When a command needs the store
        response = client.post("/v1/wallet/deposits", json={"amount": "1.00", "currency": "USD"}, headers=alice.headers)

    # Then the client is told to retry, not given a 500
    assert_problem(response, 503, "service_unavailable")
    assert response.headers["retry-after"] == "1"


def test_conflict_counted_when_a_command_exhausts_its_retries(
    client: TestClient, app: FastAPI, alice: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def always_conflicting(*_: object, **__: object) -> None:  # deposits run on the async path (ADR 0017)
        raise ConcurrencyConflict("gave up after 12 concurrent modifications; retry the command")

    monkeypatch.setattr(app.state.container.trading, "deposit_async", always_conflicting)

    response = client.post("/v1/wallet/deposits", json={"amount": "1.00", "currency": "USD"}, headers=alice.headers)

    assert_problem(response, 409, "concurrency_conflict")
    assert "astratrade_command_concurrency_conflicts_total 1.0" in client.get("/metrics").text


def test_500_problem_with_correlation_id_when_a_command_fails_unexpectedly(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a service failing with internals in its message
    async def failing(*_: object, **__: object) -> None:  # deposits run on the async path (ADR 0017)
        raise RuntimeError("password=hunter2 at db.internal:5432")

    monkeypatch.setattr(app.state.container.trading, "deposit_async", failing)
    headers = {
        "Authorization": f"Bearer {app.state.container.tokens.issue(uuid4(), ['trader'])}",
        "X-Correlation-ID": "trace-500",
    }

    # When a command hits it
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/v1/wallet/deposits", json={"amount": "1.00", "currency": "USD"}, headers=headers)
        scraped = client.get("/metrics").text

    # Then a generic 500 problem, traceable by its correlation id, counted, with nothing leaked
    assert_problem(response, 500, "internal_error")
    assert response.headers["x-correlation-id"] == "trace-500"
    assert "hunter2" not in response.text
    assert 'route="/v1/wallet/deposits",status="500"} 1.0' in scraped
