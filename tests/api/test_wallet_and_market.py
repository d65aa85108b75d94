"""POST /v1/wallet/deposits, /v1/wallet/withdrawals and /v1/market/prices."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from aggregates.trading.wallet import Wallet
from command_api.app import create_app
from event_store.application import EventStore
from event_store.log import EventLog
from tests.api.conftest import make_settings
from tests.api.support import Actor, assert_problem, deposit, head, make_trader
from tests.api.test_withdrawals import STARKNET

ADDRESS = "0x049d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7"


def test_cash_and_position_when_depositing(client: TestClient, store: EventStore, alice: Actor) -> None:
    response = client.post("/v1/wallet/deposits", json={"amount": "1000.00", "currency": "USD"}, headers=alice.headers)

    assert response.status_code == 200
    assert response.json() == {"currency": "USD", "cash": "1000.00", "reserved_margin": "0.00", "position": head(store)}


def test_cash_debited_when_withdrawing_within_cash(client: TestClient, alice: Actor) -> None:
    deposit(client, alice, "100.00")

    response = client.post("/v1/wallet/withdrawals", json={"amount": "99.99", "currency": "USD"}, headers=alice.headers)

    assert response.status_code == 200
    assert response.json()["cash"] == "0.01"


def test_address_recorded_when_withdrawing_to_starknet(redis_url: str, store: EventStore) -> None:
    settled = create_app(make_settings(redis_url, **STARKNET), store=store)  # settlement configured
    with TestClient(settled) as client:
        alice = make_trader(client, "alice")
        deposit(client, alice, "100.00")
        body = {"amount": "10.00", "currency": "USD", "starknet_address": ADDRESS.upper().replace("0X", "0x")}

        response = client.post("/v1/wallet/withdrawals", json=body, headers=alice.headers)

    assert response.status_code == 200
    [logged] = EventLog(store).read(after=response.json()["position"] - 1, upto=head(store), limit=1)
    assert isinstance(logged.event, Wallet.Withdrawn)
    assert logged.event.starknet_address == ADDRESS  # normalized to lower case


def test_409_insufficient_funds_and_no_event_when_withdrawing_more_than_cash(
    client: TestClient, store: EventStore, alice: Actor
) -> None:
    deposit(client, alice, "100.00")
    before = head(store)

    response = client.post(
        "/v1/wallet/withdrawals", json={"amount": "100.01", "currency": "USD"}, headers=alice.headers
    )

    assert_problem(response, 409, "insufficient_funds")
    assert head(store) == before


@pytest.mark.parametrize(
    "address",
    [
        "049d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7",  # no 0x
        "0x" + "1" * 65,  # more than 64 hex digits
        "0xZZ",  # not hex
        "0x",  # no digits
        "0x0",  # zero
        "0x" + "f" * 64,  # not a field element (≥ the Starknet prime)
        " 0x1",
        "0x1\n",
        12345,
    ],
)
def test_422_when_starknet_address_is_malformed(
    client: TestClient, store: EventStore, alice: Actor, address: object
) -> None:
    deposit(client, alice, "100.00")
    before = head(store)
    body = {"amount": "10.00", "currency": "USD", "starknet_address": address}

    response = client.post("/v1/wallet/withdrawals", json=body, headers=alice.headers)

    assert_problem(response, 422, "validation_error")
    assert head(store) == before


def test_201_when_price_feed_records_a_price(client: TestClient, store: EventStore, feed: Actor) -> None:
    response = client.post(
        "/v1/market/prices", json={"symbol": "BTC-USD", "price": "50000.12345678"}, headers=feed.headers
    )

    assert response.status_code == 201
    assert response.json() == {"symbol": "BTC-USD", "price": "50000.12345678", "position": head(store)}


def test_201_when_admin_records_a_price(client: TestClient, admin: Actor) -> None:
    response = client.post("/v1/market/prices", json={"symbol": "ETH-USD", "price": "3000"}, headers=admin.headers)

    assert response.status_code == 201
