"""Orders over HTTP: POST/DELETE /v1/orders on the command app, GET /v1/orders on the query app, the fill by
the trigger policy in between, and who may do what."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from event_store.application import EventStore
from jobs.orders import fill_slice_if_due
from projections.orders.projection import OrdersProjection
from projections.policies.liquidation import LiquidationPolicy
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ReadModels
from query_api.app import create_app as create_query_app
from query_api.container import QueryOptions
from tests.api.support import Actor, assert_problem, deposit, head, set_price
from tests.financial.support import catch_up, logged
from tests.starknet.support import read_models_for

BTC = "BTC-USD"


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [OrdersProjection(), LiquidationPolicy(), PortfolioProjection()]) as read_models:
        yield read_models


@pytest.fixture
def queries(settings: Settings, es_env: dict[str, str], models: ReadModels) -> Iterator[TestClient]:
    query_settings = settings.model_copy(update={"database_schema": es_env["POSTGRES_SCHEMA"]})
    with TestClient(create_query_app(query_settings, models, QueryOptions(wait_timeout=0.5))) as client:
        yield client


def order(client: TestClient, actor: Actor, **fields: Any) -> httpx.Response:
    body = {"type": "limit", "symbol": BTC, "side": "long", "quantity": "1", "leverage": 5, **fields}
    return client.post("/v1/orders", json=body, headers=actor.headers)


def read(
    store: EventStore, models: ReadModels, queries: TestClient, actor: Actor, path: str = "", **params: str
) -> httpx.Response:
    catch_up(store, models, LiquidationPolicy())
    position = catch_up(store, models, OrdersProjection())
    return queries.get(f"/v1/orders{path}", params={"min_position": position, **params}, headers=actor.headers)


def test_a_limit_order_rests_with_its_reservation_then_fills_at_the_ticks_price(
    client: TestClient, store: EventStore, models: ReadModels, queries: TestClient, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    # A limit long of 1 at 95, 5x: reserves 19.00 + 0.10
    placed = order(client, alice, limit_price="95", stop_loss="90")
    assert placed.status_code == 201, placed.text
    body = placed.json()
    assert (body["status"], body["reserved"], body["position"]) == ("open", "19.10", head(store))
    order_id = body["order_id"]
    mine = read(store, models, queries, alice, f"/{order_id}").json()
    assert (mine["status"], mine["reserved"], mine["fills"], mine["average_fill_price"]) == ("open", "19.10", [], None)
    # When BTC trades at 94.5 and the policy follows
    set_price(client, feed, BTC, "94.5")
    mine = read(store, models, queries, alice, f"/{order_id}").json()
    # Then it filled at 94.5 (margin 18.90, fee 0.0945 → 0.10), holding nothing any more
    assert (mine["status"], mine["reserved"], mine["average_fill_price"]) == ("filled", "0.00", "94.5")
    assert [(f["price"], f["quantity"], f["fee"], f["margin"]) for f in mine["fills"]] == [
        ("94.5", "1", "0.10", "18.90")
    ]
    assert [o["order_id"] for o in read(store, models, queries, alice, status="filled").json()["orders"]] == [order_id]
    assert read(store, models, queries, alice, status="open").json()["orders"] == []


def test_cancel_releases_the_reservation_then_409_order_not_open_and_404_for_another(
    client: TestClient,
    store: EventStore,
    models: ReadModels,
    queries: TestClient,
    alice: Actor,
    bob: Actor,
    feed: Actor,
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    order_id = order(client, alice, limit_price="95").json()["order_id"]
    before = head(store)
    assert_problem(client.delete(f"/v1/orders/{order_id}", headers=bob.headers), 404, "not_found")
    assert_problem(read(store, models, queries, bob, f"/{order_id}"), 404, "not_found")
    assert head(store) == before
    cancelled = client.delete(f"/v1/orders/{order_id}", headers=alice.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert_problem(client.delete(f"/v1/orders/{order_id}", headers=alice.headers), 409, "order_not_open")
    # All of her cash is free again: withdrawing 1000.00 works
    withdrawn = client.post(
        "/v1/wallet/withdrawals", json={"amount": "1000.00", "currency": "USD"}, headers=alice.headers
    )
    assert withdrawn.status_code == 200, withdrawn.text
    mine = read(store, models, queries, alice, f"/{order_id}").json()
    assert (mine["status"], mine["cancel_reason"], mine["reserved"]) == ("cancelled", "owner", "0.00")


def test_a_market_order_fills_now_like_opening_a_position(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")
    body = order(client, alice, type="market", quantity="0.01").json()
    assert (body["status"], body["fill_price"]) == ("filled", "50000")
    # margin 100.00 + fee 0.50 left her cash
    assert_problem(
        client.post("/v1/wallet/withdrawals", json={"amount": "899.51", "currency": "USD"}, headers=alice.headers),
        409,
        "insufficient_funds",
    )


@pytest.mark.parametrize(
    ("fields", "status", "type_"),
    [
        ({"limit_price": "95", "quantity": "0.1"}, 422, "below_min_notional"),  # 9.50 < 10.00
        ({"limit_price": "79.99"}, 409, "price_band_exceeded"),  # more than 20 % from 100
        ({"type": "stop"}, 422, "invalid_order"),  # a stop without its price
        ({"limit_price": "95", "time_in_force": "gtd"}, 422, "invalid_order"),  # gtd without expires_at
        ({"limit_price": "95", "time_in_force": "gtd", "expires_at": "2020-01-01T00:00:00Z"}, 422, "invalid_order"),
        ({"limit_price": "95", "stop_loss": "76"}, 422, "stop_beyond_liquidation"),  # liquidation at 95 × 0.8 = 76
        ({"limit_price": "95", "quantity": "100"}, 409, "insufficient_funds"),  # 1900 + 9.50 reserved > 1000
    ],
)
def test_refused_orders_write_nothing(
    client: TestClient,
    store: EventStore,
    alice: Actor,
    feed: Actor,
    fields: dict[str, str],
    status: int,
    type_: str,
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    before = head(store)
    assert_problem(order(client, alice, **fields), status, type_)
    assert head(store) == before


def test_403_role_cannot_trade_when_a_price_feed_places_or_cancels(
    client: TestClient, store: EventStore, feed: Actor
) -> None:
    deposit(client, feed, "1000.00")
    set_price(client, feed, BTC, "100")
    before = head(store)
    assert_problem(order(client, feed, limit_price="95"), 403, "role_cannot_trade")
    assert_problem(
        client.delete("/v1/orders/00000000-0000-4000-8000-000000000009", headers=feed.headers), 403, "role_cannot_trade"
    )
    assert head(store) == before


def test_an_api_key_places_orders_only_with_the_trade_scope(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    keys = {}
    for scope in ("read", "trade"):
        made = client.post("/v1/api-keys", json={"name": scope, "scopes": [scope]}, headers=alice.headers)
        assert made.status_code == 201, made.text
        keys[scope] = {"Authorization": f"ApiKey {made.json()['key']}"}
    body = {"type": "limit", "symbol": BTC, "side": "long", "quantity": "1", "limit_price": "95"}
    before = head(store)
    assert_problem(client.post("/v1/orders", json=body, headers=keys["read"]), 403, "scope_missing")
    assert head(store) == before
    assert client.post("/v1/orders", json=body, headers=keys["trade"]).status_code == 201


def test_the_portfolio_shows_cash_held_by_a_resting_order_and_a_partly_closed_position(
    client: TestClient, store: EventStore, models: ReadModels, queries: TestClient, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    order(client, alice, limit_price="95")  # holds 19.10
    opened = client.post(
        "/v1/positions", json={"symbol": BTC, "side": "long", "quantity": "2", "leverage": 4}, headers=alice.headers
    ).json()  # margin 50.00, fee 0.20
    client.post(f"/v1/positions/{opened['position_id']}/margin", json={"amount": "10.00"}, headers=alice.headers)
    set_price(client, feed, BTC, "110")
    client.post(f"/v1/positions/{opened['position_id']}/close", json={"quantity": "0.5"}, headers=alice.headers)
    position = catch_up(store, models, PortfolioProjection())
    mine = queries.get("/v1/portfolios/me", params={"min_position": position}, headers=alice.headers).json()
    # 60.00 margin, 0.5 closed: 15.00 released (half-even of 60 × 0.25), 45.00 left on 1.5 at 100 → liquidation 70
    [held] = mine["positions"]
    assert (held["quantity"], held["margin"], held["liquidation_price"]) == ("1.5", "45.00", "70.0")
    # cash 1000 − 19.10 − 50.20 − 10.00 + (15.00 + 5.00 − 0.06)
    assert (mine["cash"]["USD"], mine["held_by_orders"]["USD"], mine["reserved_margin"]["USD"]) == (
        "940.64",
        "19.10",
        "45.00",
    )
    # equity: cash + held + margin + unrealized (1.5 × 10)
    assert mine["equity"] == "1019.74"
    assert mine["realized_pnl"] == "4.89"  # net of the part: 5.00 − 0.05 − 0.06


def test_a_twap_order_shows_its_slices_and_average_price_and_delete_cancels_the_rest(
    client: TestClient, store: EventStore, models: ReadModels, queries: TestClient, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    # 3 in 3 slices over 90 s, 2x: each slice holds 50.00 + 0.10
    placed = order(client, alice, type="twap", quantity="3", leverage=2, duration_seconds=90, slices=3)
    assert placed.status_code == 201, placed.text
    assert (placed.json()["status"], placed.json()["reserved"]) == ("open", "150.30")
    order_id = placed.json()["order_id"]
    # The first slice's job runs (the app's clock is long past: every slice is due)
    assert fill_slice_if_due(store, UUID(order_id), 0) == 0
    set_price(client, feed, BTC, "101")
    assert fill_slice_if_due(store, UUID(order_id), 1) == 0
    mine = read(store, models, queries, alice, f"/{order_id}").json()
    assert (mine["type"], mine["status"], mine["slices"], mine["filled_slices"], mine["filled_quantity"]) == (
        "twap",
        "open",
        3,
        2,
        "2",
    )
    assert [(f["index"], f["price"], f["quantity"]) for f in mine["fills"]] == [(0, "100", "1"), (1, "101", "1")]
    assert (mine["average_fill_price"], mine["reserved"]) == ("100.50000000", "50.10")
    # DELETE cancels the third slice and frees what it held
    cancelled = client.delete(f"/v1/orders/{order_id}", headers=alice.headers)
    assert cancelled.status_code == 200, cancelled.text
    mine = read(store, models, queries, alice, f"/{order_id}").json()
    assert (mine["status"], mine["reserved"], mine["filled_slices"]) == ("cancelled", "0.00", 2)
    assert fill_slice_if_due(store, UUID(order_id), 2) == 0  # its job, delivered anyway, fills nothing
    assert len(read(store, models, queries, alice, f"/{order_id}").json()["fills"]) == 2


@pytest.mark.parametrize(
    ("fields", "status", "type_"),
    [
        ({"type": "twap", "slices": 3}, 422, "invalid_order"),  # no duration
        ({"type": "twap", "duration_seconds": 59, "slices": 3}, 422, "validation_error"),
        ({"type": "vwap", "duration_seconds": 60, "slices": 101}, 422, "validation_error"),
        ({"type": "twap", "duration_seconds": 60, "slices": 2, "quantity": "0.15"}, 422, "below_min_notional"),
        ({"type": "twap", "duration_seconds": 60, "slices": 2, "time_in_force": "ioc"}, 422, "invalid_order"),
        ({"type": "twap", "duration_seconds": 60, "slices": 2, "limit_price": "95"}, 422, "invalid_order"),
        ({"type": "twap", "duration_seconds": 60, "slices": 2, "quantity": "50"}, 409, "insufficient_funds"),
        # 5x at 100: liquidation at 80
        ({"type": "twap", "duration_seconds": 60, "slices": 2, "stop_loss": "80"}, 422, "stop_beyond_liquidation"),
    ],
)
def test_refused_twap_and_vwap_orders_write_nothing(
    client: TestClient,
    store: EventStore,
    alice: Actor,
    feed: Actor,
    fields: dict[str, Any],
    status: int,
    type_: str,
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    before = head(store)
    assert_problem(order(client, alice, **fields), status, type_)
    assert head(store) == before


def test_a_vwap_order_without_volume_history_is_cut_as_a_twap(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    placed = order(client, alice, type="vwap", quantity="2", leverage=2, duration_seconds=60, slices=2)
    assert placed.status_code == 201, placed.text
    [scheduled] = logged(store, topics=("trading.Order.Scheduled",))
    assert (scheduled.event.slices, scheduled.event.weighted_by) == ([D("1"), D("1")], "time")  # type: ignore[attr-defined]
