"""/health, /ready, /metrics and /openapi.json of the query API."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from projections.runtime.config import ReadModels
from query_api.app import create_app
from query_api.container import QueryOptions
from tests.query_api.conftest import FAST, make_settings
from tests.query_api.support import bearer


def test_health_is_ok_when_process_answers(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_ready_when_postgres_and_redis_answer(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"postgres": "ok", "redis": "ok"}


def test_not_ready_when_redis_unreachable(make_client):
    client = make_client(FAST, make_settings("redis://127.0.0.1:1/0"))
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["checks"] == {"postgres": "ok", "redis": "unreachable"}


def test_metrics_count_requests_by_route_when_scraped(client):
    client.get("/v1/portfolios/me")
    text = client.get("/metrics").text
    counted = 'astratrade_query_http_requests_total{method="GET",route="/v1/portfolios/{user_id}",status="401"} 1.0'
    assert counted in text


def test_metrics_registry_is_per_app_when_two_apps_exist(settings, read_models):
    first, second = create_app(settings, read_models), create_app(settings, read_models)
    assert first.state.container.metrics.registry is not second.state.container.metrics.registry


def test_openapi_documents_every_route_when_fetched(client):
    document = client.get("/openapi.json").json()
    assert {"/health", "/ready", "/metrics", "/v1/portfolios/{user_id}", "/v1/projections"} <= set(document["paths"])
    assert "Problem" in document["components"]["schemas"]


def test_read_model_unavailable_when_schema_not_migrated(settings, es_env):
    missing = ReadModels.from_env(es_env, schema=es_env["POSTGRES_SCHEMA"] + "_missing")
    with TestClient(create_app(settings, missing, FAST)) as client:
        response = client.get("/v1/portfolios/me", headers=bearer(uuid.uuid4()))
    assert response.status_code == 503
    assert response.json()["type"] == "read_model_unavailable"


def test_not_ready_and_unavailable_when_postgres_unreachable(settings):
    # Given read models on a port where no PostgreSQL listens
    nowhere = ReadModels(
        conninfo="host=127.0.0.1 port=1 dbname=astratrade user=postgres connect_timeout=1", schema="read_models"
    )
    with TestClient(create_app(settings, nowhere, QueryOptions(wait_timeout=0.3, db_timeout=0.5))) as client:
        # Then /ready says so, and queries answer a retryable 503, never a 500
        ready = client.get("/ready")
        portfolio = client.get("/v1/portfolios/me", headers=bearer(uuid.uuid4()))
        waited = client.get("/v1/portfolios/me?min_position=5", headers=bearer(uuid.uuid4()))
    assert (ready.status_code, ready.json()["checks"]["postgres"]) == (503, "unreachable")
    assert (portfolio.status_code, portfolio.json()["type"]) == (503, "service_unavailable")
    assert portfolio.headers["retry-after"] == "1"
    assert waited.status_code == 503


def test_correlation_id_echoed_when_given(client):
    assert client.get("/health", headers={"X-Correlation-ID": "trace-q"}).headers["x-correlation-id"] == "trace-q"


def test_500_problem_with_correlation_id_when_a_query_fails_unexpectedly(settings, read_models, monkeypatch):
    # Given a query failing with internals in its message
    app = create_app(settings, read_models, FAST)

    def failing(*_, **__):
        raise RuntimeError("password=hunter2 at db.internal:5432")

    monkeypatch.setattr(app.state.container.reader, "snapshot", failing)

    # When a client reads through it
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/v1/portfolios/me", headers={**bearer(uuid.uuid4()), "X-Correlation-ID": "trace-500"})

    # Then a generic 500 problem, traceable by its correlation id, with nothing leaked
    assert (response.status_code, response.json()["type"]) == (500, "internal_error")
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-correlation-id"] == "trace-500"
    assert "hunter2" not in response.text
