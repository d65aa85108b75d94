"""A price feed is a service: it cannot trade, and its ticks stay inside the symbol's price band.

The hole (issue 12): a ``price_feed`` account deposited 1,000, opened a position, moved the
price by a factor of thousands with its own ticks and closed at 89.9 M.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import Actor, assert_problem, deposit, head, login, make_with_role, register, set_price


def tick(client: TestClient, actor: Actor, price: str, **extra: Any) -> httpx.Response:
    body = {"symbol": "BTC-USD", "price": price, **extra}
    return client.post("/v1/market/prices", json=body, headers=actor.headers)


def open_long(client: TestClient, actor: Actor) -> httpx.Response:
    body = {"symbol": "BTC-USD", "side": "long", "quantity": "1", "leverage": 10}
    return client.post("/v1/positions", json=body, headers=actor.headers)


def test_403_role_cannot_trade_and_nothing_written_when_a_price_feed_opens_a_position(
    client: TestClient, store: EventStore, feed: Actor
) -> None:
    # Given a price feed account with cash and a price it recorded itself
    deposit(client, feed, "1000.00")
    set_price(client, feed, "BTC-USD", "1000")
    before = head(store)
    # When it opens a position
    response = open_long(client, feed)
    # Then it is refused as a service role, and nothing is written
    assert_problem(response, 403, "role_cannot_trade")
    assert head(store) == before


def test_403_role_cannot_trade_when_a_trader_made_a_price_feed_closes_a_position(
    client: TestClient, store: EventStore, admin: Actor
) -> None:
    # Given a trader's open position, then the trader is made a price feed (and logs in again)
    user_id = register(client, "turncoat")
    trader = Actor(user_id, "turncoat", login(client, "turncoat"))
    deposit(client, trader, "1000.00")
    set_price(client, admin, "BTC-USD", "1000")
    position_id = open_long(client, trader).json()["position_id"]
    granted = client.post(f"/v1/admin/users/{user_id}/roles", json={"role": "price_feed"}, headers=admin.headers)
    assert granted.status_code == 200, granted.text
    as_feed = Actor(user_id, "turncoat", login(client, "turncoat"))
    before = head(store)
    # When it closes the position with its price feed token
    response = client.post(f"/v1/positions/{position_id}/close", headers=as_feed.headers)
    # Then it is refused, and nothing is written
    assert_problem(response, 403, "role_cannot_trade")
    assert head(store) == before


@pytest.mark.parametrize("price", ["1200.00000001", "799.99999999", "89900000"])
def test_409_price_band_exceeded_and_nothing_written_when_a_tick_moves_more_than_20_percent(
    client: TestClient, store: EventStore, feed: Actor, price: str
) -> None:
    set_price(client, feed, "BTC-USD", "1000")
    before = head(store)

    response = tick(client, feed, price)

    assert_problem(response, 409, "price_band_exceeded")
    assert head(store) == before


@pytest.mark.parametrize("price", ["1200", "800"])
def test_201_when_a_tick_moves_exactly_20_percent(client: TestClient, feed: Actor, price: str) -> None:
    set_price(client, feed, "BTC-USD", "1000")

    assert tick(client, feed, price).status_code == 201


def test_409_then_201_when_an_admin_sends_a_jump_without_then_with_force(
    client: TestClient, store: EventStore, admin: Actor
) -> None:
    set_price(client, admin, "BTC-USD", "1000")
    assert_problem(tick(client, admin, "89900000"), 409, "price_band_exceeded")

    response = tick(client, admin, "89900000", force=True)

    assert response.status_code == 201, response.text
    assert response.json() == {"symbol": "BTC-USD", "price": "89900000", "position": head(store)}


def test_403_and_nothing_written_when_a_price_feed_sends_force(
    client: TestClient, store: EventStore, feed: Actor, admin: Actor
) -> None:
    set_price(client, feed, "BTC-USD", "1000")
    admin_and_feed = make_with_role(client, admin, "feedadmin", "admin")
    client.post(f"/v1/admin/users/{admin_and_feed.user_id}/roles", json={"role": "price_feed"}, headers=admin.headers)
    admin_and_feed = Actor(admin_and_feed.user_id, "feedadmin", login(client, "feedadmin"))
    before = head(store)

    assert_problem(tick(client, feed, "89900000", force=True), 403, "forbidden")
    assert_problem(tick(client, feed, "1001", force=True), 403, "forbidden")
    assert_problem(tick(client, admin_and_feed, "89900000", force=True), 403, "forbidden")  # the feed's own keys
    assert head(store) == before


@pytest.mark.parametrize("force", ["true", 1, None])
def test_422_when_force_is_not_a_json_boolean(client: TestClient, admin: Actor, force: object) -> None:
    assert_problem(tick(client, admin, "1000", force=force), 422, "validation_error")
