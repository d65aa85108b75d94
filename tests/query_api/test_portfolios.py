"""GET /v1/portfolios/{user_id} over HTTP: who may read, the figures, read-your-writes."""

from __future__ import annotations

import threading
import time
import uuid
from decimal import Decimal

import pytest

from query_api.container import QueryOptions
from tests.query_api.support import CTX, Traders, bearer, catch_up

PROBLEM = "application/problem+json"


def test_owner_reads_exact_portfolio_when_caught_up(client, traders: Traders):
    # Given alice's history applied by the worker
    # When she reads her own portfolio
    response = client.get(f"/v1/portfolios/{traders.alice}", headers=bearer(traders.alice))
    # Then the figures are exact decimal strings, as of a position at or past her last event
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["as_of_position"] >= traders.position
    assert body["cash"] == {"USD": "899.80"} and body["reserved_margin"] == {"USD": "100.00"}
    assert body["total_deposits"] == {"USD": "1000.00"}
    [position] = body["positions"]
    assert {
        k: position[k]
        for k in (
            "symbol",
            "side",
            "quantity",
            "leverage",
            "entry_price",
            "mark_price",
            "margin",
            "fee",
            "liquidation_price",
            "unrealized_pnl",
        )
    } == {
        "symbol": "BTC-USD",
        "side": "long",
        "quantity": "2",
        "leverage": 2,
        "entry_price": "100",
        "mark_price": "110",
        "margin": "100.00",
        "fee": "0.20",
        "liquidation_price": "50.00",
        "unrealized_pnl": "20.00",
    }
    assert (body["unrealized_pnl"], body["realized_pnl"], body["equity"]) == ("20.00", "0.00", "1019.80")
    assert (body["currency"], body["closed_positions"]) == ("USD", 0)


def test_owner_reads_own_portfolio_when_asking_for_me(client, traders: Traders):
    response = client.get("/v1/portfolios/me", headers=bearer(traders.alice))
    assert response.status_code == 200
    assert response.json()["user_id"] == str(traders.alice)


@pytest.mark.parametrize("role", ["compliance", "analyst"])
def test_privileged_role_reads_any_portfolio_when_granted(client, traders: Traders, role: str):
    response = client.get(f"/v1/portfolios/{traders.alice}", headers=bearer(uuid.uuid4(), "trader", role))
    assert response.status_code == 200
    assert response.json()["cash"] == {"USD": "899.80"}


@pytest.mark.parametrize("roles", [("trader",), ("trader", "admin"), ("trader", "price_feed")])
def test_another_user_is_forbidden_when_not_owner_compliance_or_analyst(client, traders: Traders, roles):
    response = client.get(f"/v1/portfolios/{traders.alice}", headers=bearer(traders.bob, *roles))
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "forbidden"


def test_trader_is_forbidden_when_asking_for_unknown_user(client, traders: Traders):
    # 403 before any lookup: a trader learns nothing about ids that are not theirs
    response = client.get(f"/v1/portfolios/{uuid.uuid4()}", headers=bearer(traders.bob))
    assert response.status_code == 403


def test_not_found_when_user_unknown(client, traders: Traders):
    response = client.get(f"/v1/portfolios/{uuid.uuid4()}", headers=bearer(traders.bob, "trader", "analyst"))
    assert response.status_code == 404
    assert response.json()["type"] == "not_found"


def test_empty_portfolio_when_user_only_registered(client, traders: Traders):
    body = client.get("/v1/portfolios/me", headers=bearer(traders.bob)).json()
    assert (body["cash"], body["positions"], body["equity"], body["realized_pnl"]) == (
        {"USD": "0.00"},
        [],
        "0.00",
        "0.00",
    )


@pytest.mark.parametrize("user_id", ["abc", "123", "me2", str(uuid.uuid4())[:-1]])
def test_validation_error_when_user_id_malformed(client, user_id: str):
    response = client.get(f"/v1/portfolios/{user_id}", headers=bearer(uuid.uuid4()))
    assert response.status_code == 422
    assert response.json()["type"] == "validation_error"


@pytest.mark.parametrize("min_position", ["-1", "x", "1.5", "", str(2**63), "1e3"])
def test_validation_error_when_min_position_malformed(client, min_position: str):
    response = client.get(f"/v1/portfolios/me?min_position={min_position}", headers=bearer(uuid.uuid4()))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


def test_answers_at_or_past_min_position_when_reached(client, traders: Traders):
    response = client.get(f"/v1/portfolios/me?min_position={traders.position}", headers=bearer(traders.alice))
    assert response.status_code == 200
    assert response.json()["as_of_position"] >= traders.position


def test_service_unavailable_with_retry_after_when_min_position_unreachable(client, traders: Traders):
    started = time.monotonic()
    response = client.get(f"/v1/portfolios/me?min_position={traders.position * 2}", headers=bearer(traders.alice))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "projection_lagging"
    assert time.monotonic() - started < 3  # bounded by the app's wait_timeout (0.5 s here)


def test_answers_when_worker_catches_up_while_query_waits(make_client, traders, trading, read_models, es_env):
    # Given a deposit not yet projected
    client = make_client(QueryOptions(wait_timeout=10.0))
    deposit = trading.deposit(traders.alice, Decimal("5.00"), "USD", CTX)
    worker = threading.Timer(0.3, catch_up, (read_models, es_env, deposit.position))
    # When the worker catches up while the query waits for the deposit's position
    worker.start()
    started = time.monotonic()
    response = client.get(f"/v1/portfolios/me?min_position={deposit.position}", headers=bearer(traders.alice))
    worker.join()
    # Then the query answers as soon as the worker committed, with the deposit
    assert response.status_code == 200
    assert response.json()["cash"] == {"USD": "904.80"}
    assert time.monotonic() - started < 8
