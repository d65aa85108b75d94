"""Partial close, margin added and exits over HTTP (api.md "Orders and positions (extended)")."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import Actor, assert_problem, deposit, head, set_price

BTC = "BTC-USD"


def _long(client: TestClient, actor: Actor, quantity: str = "2", leverage: int = 4) -> str:
    body = {"symbol": BTC, "side": "long", "quantity": quantity, "leverage": leverage}
    response = client.post("/v1/positions", json=body, headers=actor.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["position_id"])


def _cash(client: TestClient, actor: Actor) -> str:
    """Free cash before this call: a deposit of 0.01 answers the balance (the cent stays deposited)."""
    body = deposit(client, actor, "0.01").json()
    return str(D(body["cash"]) - D("0.01"))


def test_a_partial_close_books_its_share_exactly_and_the_rest_stays_open(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given alice long 2 BTC at 100, 4x (fee 0.20, margin 50.00), and BTC at 110
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    position_id = _long(client, alice)
    set_price(client, feed, BTC, "110")
    # When she closes 0.5 of it
    response = client.post(f"/v1/positions/{position_id}/close", json={"quantity": "0.5"}, headers=alice.headers)
    # Then gross 5.00, fee 0.06 (0.055 up), net 5.00 − 0.05 (opening fee share) − 0.06, 12.50 margin back
    assert response.status_code == 200, response.text
    body = response.json()
    assert (
        body["realized_pnl"],
        body["fee"],
        body["net_pnl"],
        body["margin_released"],
        body["remaining_quantity"],
    ) == ("5.00", "0.06", "4.89", "12.50", "1.5")
    assert body["position"] == head(store)
    # ...cash 1000 − 50.20 + 17.44
    assert _cash(client, alice) == "967.24"
    # And the rest closes at the same price: the remaining 37.50 margin, gross 15.00, fee 0.165 → 0.17
    rest = client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).json()
    assert (rest["realized_pnl"], rest["fee"], rest["net_pnl"], rest["margin_released"]) == (
        "15.00",
        "0.17",
        "14.68",
        "37.50",
    )


def test_422_and_nothing_written_when_closing_more_than_is_open(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    position_id = _long(client, alice)
    before = head(store)
    response = client.post(f"/v1/positions/{position_id}/close", json={"quantity": "2.1"}, headers=alice.headers)
    assert_problem(response, 422, "invalid_quantity")
    assert head(store) == before


def test_adding_margin_moves_the_liquidation_price_and_needs_the_cash(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given alice long 1 at 100, 10x: margin 10.00, liquidation 90, 989.90 cash left
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    position_id = _long(client, alice, quantity="1", leverage=10)
    # When she adds 10.00 of margin
    response = client.post(f"/v1/positions/{position_id}/margin", json={"amount": "10.00"}, headers=alice.headers)
    # Then the margin is 20.00 and the liquidation price 80
    assert response.status_code == 200, response.text
    assert (response.json()["margin"], response.json()["liquidation_price"]) == ("20.00", "80.00000000")
    assert _cash(client, alice) == "979.90"  # (and 979.91 after the helper's 0.01 deposit)
    # And more than her cash is refused, with nothing written
    before = head(store)
    refused = client.post(f"/v1/positions/{position_id}/margin", json={"amount": "979.92"}, headers=alice.headers)
    assert_problem(refused, 409, "insufficient_funds")
    assert head(store) == before


@pytest.mark.parametrize("path", ["close", "margin", "exits"])
def test_404_and_nothing_written_when_changing_another_traders_position(
    client: TestClient, store: EventStore, alice: Actor, bob: Actor, feed: Actor, path: str
) -> None:
    deposit(client, alice, "1000.00")
    deposit(client, bob, "1000.00")
    set_price(client, feed, BTC, "100")
    position_id = _long(client, alice)
    before = head(store)
    url = f"/v1/positions/{position_id}/{path}"
    if path == "exits":
        response = client.put(url, json={"stop_loss": "95"}, headers=bob.headers)
    else:
        body = {"quantity": "1"} if path == "close" else {"amount": "1.00"}
        response = client.post(url, json=body, headers=bob.headers)
    assert_problem(response, 404, "not_found")
    assert head(store) == before


def test_exits_are_set_kept_when_absent_removed_by_null_and_a_stop_beyond_liquidation_is_422(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given alice long 1 at 100, 10x (liquidation 90)
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    position_id = _long(client, alice, quantity="1", leverage=10)
    url = f"/v1/positions/{position_id}/exits"
    # A stop at the liquidation price is refused, nothing written
    before = head(store)
    assert_problem(client.put(url, json={"stop_loss": "90"}, headers=alice.headers), 422, "stop_beyond_liquidation")
    assert head(store) == before
    # Set all three
    body = client.put(
        url, json={"stop_loss": "95", "take_profit": "120", "trailing_stop_pct": "5"}, headers=alice.headers
    ).json()
    assert (body["stop_loss"], body["take_profit"], body["trailing_stop_pct"]) == ("95", "120", "5")
    # An absent exit is kept, a null one removed
    body = client.put(url, json={"take_profit": None}, headers=alice.headers).json()
    assert (body["stop_loss"], body["take_profit"], body["trailing_stop_pct"]) == ("95", None, "5")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "close", {"quantity": "1"}),
        ("post", "margin", {"amount": "1.00"}),
        ("put", "exits", {"stop_loss": "95"}),
    ],
)
def test_403_role_cannot_trade_when_a_price_feed_changes_a_position(
    client: TestClient, store: EventStore, feed: Actor, method: str, path: str, body: dict[str, str]
) -> None:
    deposit(client, feed, "1000.00")
    set_price(client, feed, BTC, "100")
    before = head(store)
    response = getattr(client, method)(
        f"/v1/positions/00000000-0000-4000-8000-000000000009/{path}", json=body, headers=feed.headers
    )
    assert_problem(response, 403, "role_cannot_trade")
    assert head(store) == before
