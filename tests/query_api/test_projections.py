"""GET /v1/projections over HTTP: the state of every projection, for any authenticated user."""

from __future__ import annotations

import uuid

from projections.portfolio.projection import PortfolioProjection
from tests.query_api.support import Traders, bearer


def test_any_user_sees_portfolio_caught_up_when_worker_ran(client, traders: Traders):
    response = client.get("/v1/projections", headers=bearer(uuid.uuid4()))
    assert response.status_code == 200
    [portfolio] = [p for p in response.json()["projections"] if p["name"] == "portfolio"]
    assert portfolio["position"] >= traders.position
    assert portfolio["log_head"] == portfolio["position"]
    assert (portfolio["lag_events"], portfolio["lag_seconds"]) == (0, 0.0)
    # the test's worker has released its lease: no worker serves the projection now
    assert (portfolio["status"], portfolio["parked"]) == ("stopped", 0)
    assert portfolio["version"] == PortfolioProjection.version


def test_portfolio_is_at_zero_when_no_worker_ran_yet(client):
    [portfolio] = client.get("/v1/projections", headers=bearer(uuid.uuid4())).json()["projections"]
    assert (portfolio["name"], portfolio["position"], portfolio["status"]) == ("portfolio", 0, "stopped")


def test_answers_when_min_position_reached(client, traders: Traders):
    response = client.get(f"/v1/projections?min_position={traders.position}", headers=bearer(uuid.uuid4()))
    assert response.status_code == 200


def test_service_unavailable_when_min_position_unreachable(client, traders: Traders):
    response = client.get(f"/v1/projections?min_position={traders.position * 2}", headers=bearer(uuid.uuid4()))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["projection"] == "portfolio"


def test_validation_error_when_min_position_negative(client):
    assert client.get("/v1/projections?min_position=-5", headers=bearer(uuid.uuid4())).status_code == 422
