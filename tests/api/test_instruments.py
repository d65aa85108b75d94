"""PUT /v1/instruments/{symbol} and what an instrument's settings do to ticks and opens (api.md "Markets")."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.support import Actor, assert_problem, deposit, head, set_price
from tests.support import SteppingClock

SETTINGS = {
    "tick_size": "0.5",
    "quantity_step": "0.001",
    "max_leverage": 5,
    "max_move_pct": "10",
    "min_notional": "25.00",
    "stale_after_seconds": 60,
    "status": "trading",
}


def configure(client: TestClient, admin: Actor, symbol: str = "BTC-USD", **changes: Any) -> httpx.Response:
    return client.put(f"/v1/instruments/{symbol}", json={**SETTINGS, **changes}, headers=admin.headers)


def open_long(client: TestClient, trader: Actor, quantity: str = "1", leverage: int = 1) -> httpx.Response:
    body = {"symbol": "BTC-USD", "side": "long", "quantity": quantity, "leverage": leverage}
    return client.post("/v1/positions", json=body, headers=trader.headers)


def tick(client: TestClient, actor: Actor, price: str, **extra: Any) -> httpx.Response:
    return client.post("/v1/market/prices", json={"symbol": "BTC-USD", "price": price, **extra}, headers=actor.headers)


def test_200_with_the_settings_and_position_when_an_admin_configures_a_symbol(client, store, admin):
    response = configure(client, admin)

    assert response.status_code == 200, response.text
    assert response.json() == {"symbol": "BTC-USD", **SETTINGS, "position": head(store)}


def test_200_defaults_filled_when_optional_settings_are_omitted(client, admin):
    body = {"tick_size": "0.01", "quantity_step": "0.0001", "max_leverage": 20}

    response = client.put("/v1/instruments/ETH-USD", json=body, headers=admin.headers)

    assert response.status_code == 200, response.text
    assert response.json() | {"position": 0} == {
        "symbol": "ETH-USD",
        **body,
        "max_move_pct": "20",
        "min_notional": None,
        "stale_after_seconds": None,
        "status": "trading",
        "position": 0,
    }


def test_403_and_nothing_written_when_a_trader_or_a_price_feed_configures(client, store, alice, feed):
    before = head(store)
    assert_problem(configure(client, alice), 403, "forbidden")
    assert_problem(configure(client, feed), 403, "forbidden")
    assert head(store) == before


def test_401_when_no_token(client):
    assert client.put("/v1/instruments/BTC-USD", json=SETTINGS).status_code == 401


@pytest.mark.parametrize(
    "bad",
    [
        {"tick_size": "0"},
        {"tick_size": 0.5},
        {"quantity_step": "0.000000001"},
        {"max_leverage": 0},
        {"max_leverage": 101},
        {"max_move_pct": "0"},
        {"max_move_pct": "100.5"},
        {"min_notional": "1e3"},
        {"stale_after_seconds": 0},
        {"status": "open"},
        {"colour": "red"},
        {"max_leverage": "5"},
    ],
)
def test_422_and_nothing_written_when_a_setting_is_bad(client, store, admin, bad):
    before = head(store)
    assert_problem(configure(client, admin, **bad), 422, "validation_error")
    assert head(store) == before


def test_422_when_the_symbol_is_not_of_the_btc_usd_form(client, admin):
    assert configure(client, admin, symbol="btc-usd").status_code == 422


def test_409_market_halted_on_open_but_close_works_when_the_symbol_is_halted(client, store, admin, alice):
    set_price(client, admin, "BTC-USD", "1000")
    deposit(client, alice, "5000.00")
    position_id = open_long(client, alice).json()["position_id"]
    configure(client, admin, status="halted")
    before = head(store)

    assert_problem(open_long(client, alice), 409, "market_halted")
    assert head(store) == before
    assert client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).status_code == 200


def test_409_market_stale_on_open_but_close_works_when_the_last_tick_is_too_old(
    client, store, admin, alice, clock: SteppingClock
):
    configure(client, admin)
    set_price(client, admin, "BTC-USD", "1000")
    deposit(client, alice, "5000.00")
    clock.advance(seconds=60)
    position_id = open_long(client, alice).json()["position_id"]  # exactly 60 s old: still fresh
    clock.advance(seconds=1)

    assert_problem(open_long(client, alice), 409, "market_stale")
    assert client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).status_code == 200
    set_price(client, admin, "BTC-USD", "1000")
    assert open_long(client, alice).status_code == 201  # a fresh tick reopens it


def test_422_quantity_step_and_leverage_above_max_when_the_open_breaks_the_instrument(client, store, admin, alice):
    configure(client, admin)
    set_price(client, admin, "BTC-USD", "1000")
    deposit(client, alice, "5000.00")
    before = head(store)

    assert_problem(open_long(client, alice, quantity="0.0505"), 422, "quantity_step")
    assert_problem(open_long(client, alice, leverage=6), 422, "leverage_above_max")
    assert head(store) == before
    assert open_long(client, alice, quantity="0.05", leverage=5).status_code == 201


def test_422_below_min_notional_uses_the_instruments_minimum(client, admin, alice):
    configure(client, admin)
    set_price(client, admin, "BTC-USD", "1000")
    deposit(client, alice, "5000.00")

    assert_problem(open_long(client, alice, quantity="0.024"), 422, "below_min_notional")  # 24 < 25
    assert open_long(client, alice, quantity="0.025").status_code == 201


def test_ticks_follow_the_instruments_band_and_tick_size(client, store, admin, feed):
    configure(client, admin)
    set_price(client, feed, "BTC-USD", "1000")

    assert_problem(tick(client, feed, "1100.5"), 409, "price_band_exceeded")  # > 10 %
    assert_problem(tick(client, feed, "1000.25"), 422, "tick_size")
    assert tick(client, feed, "1100").status_code == 201  # exactly 10 %


def test_201_with_volume_when_a_tick_carries_the_traded_quantity(client, feed):
    response = tick(client, feed, "1000", volume="12.5")

    assert response.status_code == 201, response.text
    assert response.json()["volume"] == "12.5"
    assert tick(client, feed, "1000", volume=12.5).status_code == 422


def test_a_retry_with_the_same_idempotency_key_answers_the_first_result_and_writes_nothing(client, store, admin):
    first = client.put("/v1/instruments/BTC-USD", json=SETTINGS, headers=admin.with_key("cfg-1"))
    head_after_first = head(store)

    again = client.put("/v1/instruments/BTC-USD", json=SETTINGS, headers=admin.with_key("cfg-1"))
    other = client.put(
        "/v1/instruments/BTC-USD", json={**SETTINGS, "status": "halted"}, headers=admin.with_key("cfg-1")
    )

    assert again.status_code == first.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_problem(other, 422, "idempotency_key_reused")
    assert head(store) == head_after_first


def test_403_scope_missing_when_an_admins_api_key_configures_an_instrument(client, store, admin):
    issued = client.post(
        "/v1/api-keys", json={"name": "ops", "scopes": ["read", "trade", "backtest"]}, headers=admin.headers
    )
    assert issued.status_code == 201, issued.text
    before = head(store)

    response = client.put(
        "/v1/instruments/BTC-USD", json=SETTINGS, headers={"Authorization": f"ApiKey {issued.json()['key']}"}
    )

    assert_problem(response, 403, "scope_missing")
    assert head(store) == before
