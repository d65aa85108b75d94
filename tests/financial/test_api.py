"""The NFT and subscription endpoints over HTTP (real command app, real PostgreSQL): every status named."""

from __future__ import annotations

from decimal import Decimal as D
from uuid import UUID, uuid4

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.nft import NftService
from tests.api.conftest import admin, alice, app, bob, client, settings  # noqa: F401  (fixtures)
from tests.api.support import Actor, assert_problem, deposit, head
from tests.financial.support import CTX, wallet


@pytest.fixture
def badge(app: FastAPI, alice: Actor) -> str:  # noqa: F811
    """Alice's first_trade badge, minted as the minting policy would."""
    nfts = NftService(app.state.container.trading.runner)
    return str(nfts.mint_badge(UUID(alice.user_id), "first_trade", CTX).body["nft_id"])


def list_badge(client: TestClient, actor: Actor, nft_id: str, price: object):  # noqa: F811
    return client.post(f"/v1/nfts/{nft_id}/listings", json={"price": price}, headers=actor.headers)


def buy(client: TestClient, actor: Actor, nft_id: str, price: str, key: str | None = None):  # noqa: F811
    headers = actor.with_key(key) if key else actor.headers
    return client.post(f"/v1/nfts/{nft_id}/purchase", json={"price": price}, headers=headers)


def test_201_when_the_owner_lists_an_nft(client, alice, badge):  # noqa: F811
    response = list_badge(client, alice, badge, "100.00")
    assert response.status_code == 201, response.text
    assert response.json()["nft_id"] == badge and response.json()["price"] == "100.00"
    assert response.json()["position"] > 0


def test_403_when_listing_another_users_nft_and_404_when_it_does_not_exist(client, bob, badge):  # noqa: F811
    assert_problem(list_badge(client, bob, badge, "1.00"), 403, "forbidden")
    assert_problem(list_badge(client, bob, str(uuid4()), "1.00"), 404, "not_found")


@pytest.mark.parametrize("price", [100, "100.001", "0", "0.00", "1000000.01", "1e3", "NaN", "-1.00", None])
def test_422_when_the_price_is_malformed_or_out_of_range(client, alice, badge, price):  # noqa: F811
    assert_problem(list_badge(client, alice, badge, price), 422, "validation_error")


def test_401_without_a_token(client, badge):  # noqa: F811
    assert client.post(f"/v1/nfts/{badge}/listings", json={"price": "1.00"}).status_code == 401
    assert client.post(f"/v1/nfts/{badge}/purchase", json={"price": "1.00"}).status_code == 401
    assert client.post("/v1/subscriptions", json={"plan": "pro"}).status_code == 401


def test_200_and_exact_cash_with_the_2_5_percent_fee_when_bought(client, store, alice, bob, badge):  # noqa: F811
    list_badge(client, alice, badge, "40.10")
    deposit(client, bob, "50.00")
    response = buy(client, bob, badge, "40.10", key="buy-1")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["price"], body["fee"], body["cash"], body["seller_id"]) == ("40.10", "1.00", "9.90", alice.user_id)
    assert wallet(store, UUID(alice.user_id)).cash == D("39.10")  # 40.10 − 1.0025 → 1.00
    replayed = buy(client, bob, badge, "40.10", key="buy-1")
    assert replayed.json() == body and replayed.headers["Idempotent-Replayed"] == "true"


def test_409_for_each_rule_a_purchase_can_break(client, app, alice, bob, badge):  # noqa: F811
    assert_problem(buy(client, bob, badge, "10.00"), 409, "nft_not_listed")
    list_badge(client, alice, badge, "10.00")
    assert_problem(buy(client, alice, badge, "10.00"), 409, "cannot_buy_own_nft")
    assert_problem(buy(client, bob, badge, "10.00"), 409, "insufficient_funds")
    assert_problem(buy(client, bob, str(uuid4()), "10.00"), 404, "not_found")


def test_409_price_changed_and_nothing_moves_when_the_seller_relisted_after_the_buyer_saw_the_price(
    client,  # noqa: F811
    store,
    alice,  # noqa: F811
    bob,  # noqa: F811
    badge,
):
    # Given bob sees alice's badge listed at 1.00, then alice re-lists it at 900.00
    list_badge(client, alice, badge, "1.00")
    deposit(client, bob, "1000.00")
    list_badge(client, alice, badge, "900.00")
    before = head(store)
    # When bob buys at the price he saw
    response = buy(client, bob, badge, "1.00")
    # Then the purchase is refused and nothing is written
    assert_problem(response, 409, "price_changed")
    assert head(store) == before
    assert wallet(store, UUID(bob.user_id)).cash == D("1000.00")
    assert store.repository.get(UUID(badge)).owner_id == UUID(alice.user_id)
    # ...and buying at the price now listed works
    assert buy(client, bob, badge, "900.00").status_code == 200


@pytest.mark.parametrize(
    "body", [None, {}, {"price": 900}, {"price": "1e3"}, {"price": "0.00"}, {"price": "900.00", "extra": 1}]
)
def test_422_and_nothing_moves_when_the_purchase_names_no_valid_price(client, store, alice, bob, badge, body):  # noqa: F811
    list_badge(client, alice, badge, "900.00")
    deposit(client, bob, "1000.00")
    before = head(store)
    response = client.post(f"/v1/nfts/{badge}/purchase", json=body, headers=bob.headers)
    assert_problem(response, 422, "validation_error")
    assert head(store) == before


def test_201_then_200_when_subscribing_then_extending(client, alice):  # noqa: F811
    deposit(client, alice, "20.00")
    started = client.post("/v1/subscriptions", json={"plan": "pro"}, headers=alice.headers)
    extended = client.post("/v1/subscriptions", json={"plan": "pro"}, headers=alice.headers)
    assert (started.status_code, extended.status_code) == (201, 200), extended.text
    assert extended.json()["period_start"] == started.json()["period_end"]
    assert (started.json()["cash"], extended.json()["cash"]) == ("10.01", "0.02")


def test_409_insufficient_funds_and_422_unknown_plan_when_subscribing(client, alice):  # noqa: F811
    assert_problem(
        client.post("/v1/subscriptions", json={"plan": "pro"}, headers=alice.headers), 409, "insufficient_funds"
    )
    for body in ({"plan": "gold"}, {"plan": "pro", "extra": 1}, {}):
        assert_problem(client.post("/v1/subscriptions", json=body, headers=alice.headers), 422, "validation_error")


def withdraw(client: TestClient, actor: Actor, nft_id: str):  # noqa: F811
    return client.delete(f"/v1/nfts/{nft_id}/listings", headers=actor.headers)


def test_200_and_no_longer_for_sale_when_the_owner_withdraws_the_listing(client, alice, bob, badge):  # noqa: F811
    # Given alice listed her badge and bob can afford it
    list_badge(client, alice, badge, "10.00")
    deposit(client, bob, "50.00")
    # When alice withdraws the listing
    response = withdraw(client, alice, badge)
    # Then it is off sale: bob cannot buy it, and withdrawing again is a conflict
    assert response.status_code == 200, response.text
    assert (response.json()["nft_id"], response.json()["price"]) == (badge, None)
    assert_problem(buy(client, bob, badge, "10.00"), 409, "nft_not_listed")
    assert_problem(withdraw(client, alice, badge), 409, "nft_not_listed")


def test_403_for_another_users_listing_404_unknown_409_never_listed(client, alice, bob, badge):  # noqa: F811
    assert_problem(withdraw(client, alice, badge), 409, "nft_not_listed")
    list_badge(client, alice, badge, "10.00")
    assert_problem(withdraw(client, bob, badge), 403, "forbidden")
    assert_problem(withdraw(client, bob, str(uuid4())), 404, "not_found")
    assert_problem(withdraw(client, bob, bob.user_id), 404, "not_found")  # an id of another kind
    assert_problem(withdraw(client, bob, "not-a-uuid"), 422, "validation_error")
    assert client.delete(f"/v1/nfts/{badge}/listings").status_code == 401
