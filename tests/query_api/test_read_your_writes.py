"""Read-your-writes end to end: a command's ``position`` as the query's ``min_position``."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from command_api.app import create_app as create_command_app
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ProjectionWorker, ReadModels, WorkerOptions
from query_api.container import QueryOptions


@pytest.fixture
def running_worker(read_models: ReadModels, es_env: dict[str, str]) -> Iterator[None]:
    """The portfolio worker following the log in a thread, as ``astratrade worker portfolio`` does."""
    stop = threading.Event()
    worker = ProjectionWorker(PortfolioProjection(), read_models, es_env, WorkerOptions(poll_interval=0.1), stop)
    thread = threading.Thread(target=worker.run, name="portfolio-worker", daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def test_portfolio_shows_the_deposit_when_queried_with_its_position(
    settings, store, clock, make_client, running_worker
):
    # Given a trader registered and logged in through the command API
    with TestClient(create_command_app(settings, store=store, clock=clock)) as commands:
        commands.post("/v1/users", json={"username": "dora", "email": "dora@example.com", "password": "pw-dora-123"})
        login = commands.post("/v1/auth/token", json={"username": "dora", "password": "pw-dora-123"})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        # When she deposits and at once reads her portfolio at the deposit's position
        deposit = commands.post("/v1/wallet/deposits", json={"amount": "250.00", "currency": "USD"}, headers=headers)
        assert deposit.status_code == 200, deposit.text
        position = deposit.json()["position"]
        response = make_client(QueryOptions(wait_timeout=10.0)).get(
            f"/v1/portfolios/me?min_position={position}", headers=headers
        )
    # Then the query API, with the command API's token, shows the deposit
    assert response.status_code == 200, response.text
    assert response.json()["cash"] == {"USD": "250.00"}
    assert response.json()["as_of_position"] >= position
