"""The shared problem handlers and middleware on a bare app: a 500 carries the correlation id, never the error."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from http_common import handlers
from http_common.metrics import HttpMetrics
from http_common.problems import ApiProblem
from http_common.tokens import TokenVerifier
from http_common.wiring import wire

SECRET_TEXT = "password=hunter2 at db.internal:5432"


def _app(metrics: HttpMetrics) -> FastAPI:
    app = FastAPI()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError(SECRET_TEXT)

    @app.get("/lagging")
    def lagging() -> None:
        raise ApiProblem(503, "projection_lagging", "not there yet", {"Retry-After": "1"}, min_position=7)

    handlers.install(app, {})
    wire(app, TokenVerifier("unused-secret-0123456789abcdef-0123456789"), metrics, max_body_bytes=16)
    return app


@pytest.fixture
def metrics() -> HttpMetrics:
    return HttpMetrics("test")


@pytest.fixture
def client(metrics: HttpMetrics) -> TestClient:
    return TestClient(_app(metrics), raise_server_exceptions=False)


def test_500_carries_the_given_correlation_id_when_a_route_fails(client: TestClient) -> None:
    response = client.get("/boom", headers={"X-Correlation-ID": "trace-500"})

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-correlation-id"] == "trace-500"
    assert response.json()["type"] == "internal_error"
    assert "hunter2" not in response.text and "RuntimeError" not in response.text


def test_500_carries_a_minted_correlation_id_when_none_is_given(client: TestClient) -> None:
    response = client.get("/boom")

    assert response.status_code == 500
    uuid.UUID(response.headers["x-correlation-id"])


def test_500_is_counted_when_a_route_fails(client: TestClient, metrics: HttpMetrics) -> None:
    client.get("/boom")

    assert 'test_http_requests_total{method="GET",route="/boom",status="500"} 1.0' in metrics.render().decode()


def test_extra_members_and_headers_kept_when_raising_an_api_problem(client: TestClient) -> None:
    response = client.get("/lagging", headers={"X-Correlation-ID": "trace-503"})

    assert response.status_code == 503
    assert (response.headers["retry-after"], response.headers["x-correlation-id"]) == ("1", "trace-503")
    assert response.json()["min_position"] == 7


def test_413_problem_when_the_body_exceeds_the_limit(client: TestClient) -> None:
    response = client.request("GET", "/lagging", content=b"x" * 17)

    assert response.status_code == 413
    assert response.json()["type"] == "payload_too_large"
